import fs from 'node:fs';

export interface TreeProcess {
  pid: number;
  cmdline: string;
  rssKiB: number;
}

/** A process and all its descendants, read from /proc (Linux), root first. */
export function processTree(rootPid: number): TreeProcess[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // The command name may hold spaces and parentheses: the parent pid follows the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const tree: TreeProcess[] = [];
  const visit = (pid: number) => {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    tree.push({
      pid,
      cmdline: fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim(),
      rssKiB: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0),
    });
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(rootPid);
  return tree;
}
