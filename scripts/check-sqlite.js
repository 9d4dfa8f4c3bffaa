#!/usr/bin/env node
// npm's postinstall. better-sqlite3 is an optional dependency so that a failed compile does not
// end `npm ci` in a wall of node-gyp errors that never names what is missing: the install goes on,
// and this check, which runs after every dependency, says what the build needs and fails the
// install itself. Plain Node, no TypeScript: nothing else is guaranteed to be installed yet.
try {
  const { default: Database } = await import('better-sqlite3');
  new Database(':memory:').close(); // loads the native binding: a missing or mismatched build throws here
} catch (error) {
  process.stderr.write(
    `\nnewsbrief: better-sqlite3 (the SQLite driver) could not be installed for Node.js ${process.versions.node} on ${process.platform}-${process.arch}` +
      ` (${String(error?.code ?? error?.message ?? error).split('\n')[0]}).\n` +
      'No prebuilt binary fits this machine, so it has to be compiled from source, which needs python3, make and a C++ compiler:\n' +
      '  Debian/Ubuntu: apt install python3 make g++   Alpine: apk add python3 make g++   macOS: xcode-select --install   Windows: the Visual Studio Build Tools\n' +
      'Install them and run npm ci again (npm ci --foreground-scripts shows the compiler output).\n',
  );
  process.exit(1);
}
