export { describeZodIssues } from './issues.ts';
