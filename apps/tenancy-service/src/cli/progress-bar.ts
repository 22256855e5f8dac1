/** A one-line progress bar on stderr; without a terminal, a line every tenth of the way. */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  let lastTenth = -1;
  return {
    update(done: number, total: number) {
      const ratio = total > 0 ? Math.min(done / total, 1) : 1;
      if (stream.isTTY) {
        const filled = Math.round(ratio * 30);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(30 - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${done}/${total}`);
      } else if (Math.floor(ratio * 10) > lastTenth) {
        lastTenth = Math.floor(ratio * 10);
        stream.write(`${label} ${(ratio * 100).toFixed(0)}% (${done}/${total})\n`);
      }
    },
    done() {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
