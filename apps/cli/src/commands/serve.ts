import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The CLI does not import the server (package boundary): it runs the server's entry point.
const SERVER_MAIN = fileURLToPath(new URL('../../../server/src/main.ts', import.meta.url));

export function serveCommand(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER_MAIN, ...args], { stdio: 'inherit' });
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.on(signal, () => child.kill(signal));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 || code === null ? resolve() : reject(new Error(`server exited with ${code}`)),
    );
  });
}
