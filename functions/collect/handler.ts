/** Placeholder until the collect function lands; it fails loudly rather than pretending to work. */
const handler = async (): Promise<never> => {
  throw new Error('the collect function is not implemented yet');
};

export { handler };
