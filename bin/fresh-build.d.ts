/** The URL of the precompiled CLI under `root` when it is of the sources as they are now, else null. */
export function freshBuild(root: URL): string | null;
