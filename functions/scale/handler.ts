/** Placeholder until the scale function lands; it fails loudly rather than pretending to work. */
const handler = async (): Promise<never> => {
  throw new Error('the scale function is not implemented yet');
};

export { handler };
