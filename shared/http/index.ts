export { HttpError, HttpNetworkError, HttpResponseError, HttpStatusError, HttpTimeoutError } from './errors.ts';
export {
  createDispatcher,
  type DispatcherOptions,
  deadlineSignal,
  type HttpMethod,
  type HttpTimeouts,
  httpTimeouts,
  type JsonRequest,
  type JsonResponse,
  requestJson,
} from './request.ts';
export { type RetryOptions, withRetry } from './retry.ts';
