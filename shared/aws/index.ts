export {
  createS3Client,
  createSqsClient,
  createSsmClient,
  type S3Settings,
  type SqsSettings,
  type SsmSettings,
} from './clients.ts';
export {
  CredentialsError,
  type CredentialsResolver,
  type CredentialsSource,
  createCredentialsResolver,
} from './credentials.ts';
