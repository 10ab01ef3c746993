/**
 * A real single-node Slurm for the sweep tests (Debian's slurm-wlm and munge, installed by
 * scripts/setup.sh): munged on its own socket, slurmctld and slurmd with a generated slurm.conf, every
 * file in one temporary folder, free ports. `stop()` ends the three daemons by the pids in their pid
 * files (never by name: other Slurm or munge daemons on the machine are left alone).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

export const SLURMCTLD = '/usr/sbin/slurmctld';
export const SLURMD = '/usr/sbin/slurmd';
export const MUNGED = '/usr/sbin/munged';

export function slurmInstalled(): boolean {
  return [SLURMCTLD, SLURMD, MUNGED, '/usr/bin/sbatch'].every((f) => existsSync(f)) && existsSync('/etc/munge/munge.key');
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => done(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export interface SlurmCluster {
  conf: string;
  dir: string;
  /** environment for sbatch/squeue/sinfo (SLURM_CONF) */
  env: NodeJS.ProcessEnv;
  squeue(): string;
  stop(): Promise<void>;
}

export async function startSlurm(cpus: number): Promise<SlurmCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'spinode-slurm-'));
  const munge = join(dir, 'munge');
  mkdirSync(munge);
  mkdirSync(join(dir, 'state'));
  mkdirSync(join(dir, 'spool'));
  const host = hostname().split('.')[0];
  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  const socket = join(munge, 'munge.socket');
  const pidFiles = { munged: join(munge, 'munged.pid'), slurmctld: join(dir, 'slurmctld.pid'), slurmd: join(dir, 'slurmd.pid') };
  const conf = join(dir, 'slurm.conf');
  writeFileSync(
    conf,
    [
      'ClusterName=spinodetest',
      `SlurmctldHost=${host}`,
      'SlurmUser=root',
      'AuthType=auth/munge',
      `AuthInfo=socket=${socket}`,
      `StateSaveLocation=${join(dir, 'state')}`,
      `SlurmdSpoolDir=${join(dir, 'spool')}`,
      `SlurmctldPidFile=${pidFiles.slurmctld}`,
      `SlurmdPidFile=${pidFiles.slurmd}`,
      `SlurmctldLogFile=${join(dir, 'slurmctld.log')}`,
      `SlurmdLogFile=${join(dir, 'slurmd.log')}`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SchedulerType=sched/backfill',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'ReturnToService=2',
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      `NodeName=${host} CPUs=${cpus} State=UNKNOWN`,
      `PartitionName=main Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const pids: number[] = [];
  const stop = async () => {
    // slurmd first (it reports to slurmctld), munged last (both authenticate through it)
    for (const file of [pidFiles.slurmd, pidFiles.slurmctld, pidFiles.munged]) {
      const pid = existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : NaN;
      if (!Number.isInteger(pid) || pid <= 1) continue;
      pids.push(pid);
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        continue; // already gone
      }
      for (let i = 0; i < 50; i++) {
        try {
          process.kill(pid, 0);
        } catch {
          break;
        }
        await sleep(100);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    execFileSync(MUNGED, ['--force', `--socket=${socket}`, `--pid-file=${pidFiles.munged}`, `--log-file=${join(munge, 'munged.log')}`, `--seed-file=${join(munge, 'munged.seed')}`], { stdio: 'pipe' });
    execFileSync(SLURMCTLD, ['-f', conf], { env, stdio: 'pipe' });
    execFileSync(SLURMD, ['-f', conf], { env, stdio: 'pipe' });
    for (let i = 0; ; i++) {
      const state = execFileSync('sinfo', ['-h', '-o', '%t'], { env, encoding: 'utf8' }).trim();
      if (state === 'idle') break;
      if (i > 120) throw new Error(`the test's slurmd did not come up (sinfo says "${state}"); slurmd.log: ${readFileSync(join(dir, 'slurmd.log'), 'utf8').slice(-600)}`);
      await sleep(250);
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { conf, dir, env, squeue: () => execFileSync('squeue', ['-h', '-o', '%i %T'], { env, encoding: 'utf8' }).trim(), stop };
}
