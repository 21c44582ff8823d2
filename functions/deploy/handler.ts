/** Placeholder until the deploy function lands; it fails loudly rather than pretending to work. */
const handler = async (): Promise<never> => {
  throw new Error('the deploy function is not implemented yet');
};

export { handler };
