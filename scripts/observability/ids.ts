import type { FunctionKey } from '#shared/observability/queries.ts';

/** The functions in serverless.yml and the logical ids serverless gives their resources. */
const FUNCTIONS: readonly FunctionKey[] = ['deploy', 'collect', 'scale'];

/** `scale` -> `Scale`: serverless' logical id prefix of a function's resources. */
const logicalName = (fn: FunctionKey): string => `${fn[0]?.toUpperCase()}${fn.slice(1)}`;

/** The function's AWS::Logs::LogGroup (`/aws/lambda/<service>-<stage>-<fn>`), created by serverless. */
const logGroupId = (fn: FunctionKey): string => `${logicalName(fn)}LogGroup`;

const functionId = (fn: FunctionKey): string => `${logicalName(fn)}LambdaFunction`;

export { FUNCTIONS, functionId, logGroupId, logicalName };
