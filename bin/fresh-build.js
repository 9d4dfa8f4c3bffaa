// Whether dist/cli (scripts/build-cli.js) was built from the sources as they are now.
import { readFileSync, statSync } from 'node:fs';

/**
 * The URL of the precompiled CLI under `root` when every source file it was built from still has
 * the size and mtime it had then (and the same Node.js built it); null otherwise, or without a build.
 */
export function freshBuild(root) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(new URL('dist/cli/inputs.json', root), 'utf8'));
  } catch {
    return null;
  }
  if (manifest.node !== process.versions.node) return null;
  for (const [path, { size, mtimeMs }] of Object.entries(manifest.inputs ?? {})) {
    try {
      const now = statSync(new URL(path, root));
      if (now.size !== size || now.mtimeMs !== mtimeMs) return null;
    } catch {
      return null;
    }
  }
  return new URL('dist/cli/main.js', root).href;
}
