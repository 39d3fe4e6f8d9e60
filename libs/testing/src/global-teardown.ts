/** Stops what global-setup started. */
module.exports = async function globalTeardown(): Promise<void> {
  const stoppers = (globalThis as { __motcuaPeerStoppers?: (() => Promise<unknown>)[] }).__motcuaPeerStoppers ?? [];
  await Promise.allSettled(stoppers.map((stop) => stop()));
};
