/**
 * A module loaded on first use and kept: `import()` of a module already loaded still goes through
 * the module loader (and any loader hooks) each time, which a feed item read thousands of times a
 * tick paid per item.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined; // a failed load is tried again next time, not remembered
      throw error;
    });
    return loading;
  };
}
