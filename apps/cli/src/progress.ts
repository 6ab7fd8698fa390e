/**
 * Long jobs show progress: a live bar with records/s and ETA on a terminal, plain lines
 * (at most one per second) when the output is a file or a CI log.
 */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const started = performance.now();
  let lastPlain = 0;
  return {
    update(done: number, total: number): void {
      const seconds = (performance.now() - started) / 1000;
      const rate = seconds > 0 ? done / seconds : 0;
      const eta = rate > 0 && total > done ? Math.round((total - done) / rate) : 0;
      const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
      const text = `${label} ${done}/${total} (${pct}%) ${Math.round(rate)} rec/s ETA ${eta}s`;
      if (stream.isTTY) {
        const width = 24;
        const filled = Math.round((pct / 100) * width);
        stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}   `);
      } else if (performance.now() - lastPlain > 1000 || done === total) {
        lastPlain = performance.now();
        stream.write(`${text}\n`);
      }
    },
    finish(): void {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
