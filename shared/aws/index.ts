export { createS3Client, createSqsClient, type S3Settings, type SqsSettings } from './clients.ts';
