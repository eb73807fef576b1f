// The production server the ingest benchmark measures: `next start` from the build in
// NEXT_DIST_DIR (default .next) as a child process with its own port, database and
// secrets, and nothing inherited that could point it elsewhere. Stopped with SIGTERM, and
// killed if this process exits first (Ctrl-C, a crash).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";

export class MissingBuildError extends Error {
  override name = "MissingBuildError";
}

export type BenchServer = {
  url: string;
  /** The `next start` process (the root of the server's process tree). */
  pid: number | undefined;
  /** The server's last output lines (it logs webhook warnings and errors). */
  recentOutput(): string[];
  stop(): Promise<void>;
};

/** The build's BUILD_ID, or a MissingBuildError saying how to make one. */
export async function buildIdOf(distDir: string): Promise<string> {
  try {
    return (await fs.readFile(path.join(distDir, "BUILD_ID"), "utf8")).trim();
  } catch {
    throw new MissingBuildError(
      `There is no production build in ${distDir}/ (no BUILD_ID): run npm run build first` +
        (distDir === ".next" ? "." : ` (with NEXT_DIST_DIR=${distDir}).`),
    );
  }
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

export async function startBenchServer(options: {
  distDir: string;
  port: number;
  /** The server's whole environment apart from PATH/HOME (DATABASE_URL, secrets, ...). */
  env: Record<string, string>;
  /** Write V8 CPU profiles of the server here (node --cpu-prof; written when it exits). */
  cpuProfileDir?: string;
  log: (line: string) => void;
}): Promise<BenchServer> {
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(
    process.execPath,
    [
      ...(options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(options.cpuProfileDir)}`] : []),
      "node_modules/next/dist/bin/next",
      "start",
      "-p",
      String(options.port),
      "-H",
      "127.0.0.1",
    ],
    {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        NEXT_DIST_DIR: options.distDir,
        PORT: String(options.port),
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const recent: string[] = [];
  const remember = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) {
      if (!line.trim()) continue;
      recent.push(line);
      if (recent.length > 40) recent.shift();
    }
  };
  child.stdout.on("data", remember);
  child.stderr.on("data", remember);
  const killOnExit = () => void child.kill("SIGKILL");
  process.on("exit", killOnExit);

  const stop = async () => {
    process.removeListener("exit", killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };

  options.log(`Starting next start (${options.distDir}) on ${url}`);
  if (!(await waitForHealth(url, child, 120_000))) {
    await stop();
    throw new Error(`The server did not become healthy at ${url}. Its last output:\n${recent.join("\n")}`);
  }
  return { url, pid: child.pid, recentOutput: () => [...recent], stop };
}
