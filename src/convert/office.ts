/**
 * LibreOffice, started once per process and reused for every document of every case it builds
 * (the CLI's build, each watch worker): `soffice.bin --headless --accept=pipe,…` with a profile
 * folder of its own (two processes on one profile fail at random), driven by a small UNO bridge in
 * Python (uno-bridge.ts). Chosen after measuring (README, "Converting to PDF"): about 80 ms a
 * document reused, against about 200 ms a document for one `soffice --convert-to` over many files
 * and 1.9 s for one process a document.
 *
 * - One conversion at a time; each has a time limit. A conversion over it, or an office that
 *   crashed, is answered with the reason; both processes are killed, and the next conversion
 *   starts a new office.
 * - Both processes die with this process (a parent-death signal, and the exit handlers of
 *   private-temp.ts, which also remove the profile folder). While idle they do not keep it alive.
 * - `ASYLUM_PACKET_SOFFICE` names the soffice program, `ASYLUM_PACKET_PYTHON` a Python with uno
 *   (default: Debian's /usr/bin/python3, then python3 on PATH).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { dyingWithParent, findExecutable, isExecutableFile } from '../executables.js';
import { makePrivateTempDir, removePrivateTempDir, removeWithPrivateTempDir, trackChild } from '../private-temp.js';
import { OFFICE_TEMP_PREFIX, officePipeFiles, pipeName, profileUrl } from './profiles.js';
import { UNO_BRIDGE } from './uno-bridge.js';

export { INSTALL_HINT } from './install-hint.js';
const START_SECONDS = 60;

/** Why conversion cannot run here: no LibreOffice, or no Python bridge. */
export class OfficeMissing extends Error {}
/** A conversion that failed: the document, a hung or crashed office. */
export class ConversionFailed extends Error {}

interface Running {
  office: ChildProcess;
  bridge: ChildProcess;
  profile: string;
  answers: AsyncIterator<string>;
  /** Why it ended, once it has. */
  ended?: string;
}

/** soffice.bin itself where it is there (the soffice script would leave it behind when killed). */
function officeProgram(): string | false {
  const soffice = process.env.ASYLUM_PACKET_SOFFICE || findExecutable('soffice', ['/usr/lib/libreoffice/program/soffice']);
  if (!soffice) return false;
  try {
    const real = realpathSync(soffice);
    const bin = findExecutable('soffice.bin', [path.join(path.dirname(real), 'soffice.bin')]);
    return bin && path.dirname(bin) === path.dirname(real) ? bin : real;
  } catch {
    return false;
  }
}

/** Debian's own Python first: python3-uno is installed for it, not for a Python of one's own on PATH. */
const pythonProgram = (): string | false =>
  process.env.ASYLUM_PACKET_PYTHON || (isExecutableFile('/usr/bin/python3') ? '/usr/bin/python3' : findExecutable('python3'));

export class Office {
  private running?: Promise<Running>;
  /** Conversions one after another. */
  private queue: Promise<unknown> = Promise.resolve();
  private missing?: string;
  /** A timer that keeps the process alive while a conversion is under way (the children do not). */
  private keepAlive?: NodeJS.Timeout;

  /** Converts `input` (.docx) to `output` (.pdf); rejects with OfficeMissing or ConversionFailed. */
  convert(input: string, output: string, timeoutMs: number): Promise<void> {
    const work = this.queue.then(() => this.convertNow(input, output, timeoutMs));
    this.queue = work.catch(() => undefined);
    return work;
  }

  private async convertNow(input: string, output: string, timeoutMs: number): Promise<void> {
    if (this.missing) throw new OfficeMissing(this.missing);
    // One conversion at a time (the queue): one timer.
    this.keepAlive = setInterval(() => undefined, 1 << 30);
    try {
      let r = await (this.running ??= this.start());
      // An office that ended while idle (killed, crashed) is started again: no document was lost.
      if (r.ended) {
        await this.stop(r.ended);
        r = await (this.running = this.start());
      }
      r.bridge.stdin!.write(JSON.stringify({ in: input, out: output }) + '\n');
      const answer = await withTimeout(r.answers.next(), timeoutMs);
      if (answer === 'timeout') {
        const limit = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`;
        await this.stop(`LibreOffice did not finish within ${limit}`);
        throw new ConversionFailed(`LibreOffice did not finish within ${limit} (it was stopped, and starts again for the next document)`);
      }
      if (answer.done) {
        const why = r.ended ?? 'LibreOffice stopped';
        await this.stop(why);
        throw new ConversionFailed(`${why} (it starts again for the next document)`);
      }
      const reply = JSON.parse(answer.value) as { ok: boolean; error?: string };
      if (!reply.ok) {
        // The bridge lost the office in the middle of the document: it crashed or was killed.
        if (r.ended || /disposed/i.test(reply.error ?? '')) {
          await this.stop('LibreOffice stopped');
          throw new ConversionFailed('LibreOffice stopped while converting it (it crashed or was killed; it starts again for the next document)');
        }
        throw new ConversionFailed(reply.error ?? 'LibreOffice could not convert it');
      }
    } catch (err) {
      if (err instanceof OfficeMissing || err instanceof ConversionFailed) throw err;
      await this.stop('failed');
      throw new ConversionFailed((err as Error).message);
    } finally {
      clearInterval(this.keepAlive);
      this.keepAlive = undefined;
    }
  }

  private async start(): Promise<Running> {
    const officeBin = officeProgram();
    if (!officeBin) throw this.gone(`LibreOffice is not installed (no soffice on PATH${process.env.ASYLUM_PACKET_SOFFICE ? `, nor at ASYLUM_PACKET_SOFFICE=${process.env.ASYLUM_PACKET_SOFFICE}` : ''})`);
    const python = pythonProgram();
    if (!python) throw this.gone('Python 3 is not installed (it drives LibreOffice through python3-uno)');
    const profile = await makePrivateTempDir(OFFICE_TEMP_PREFIX);
    // LibreOffice makes its two sockets in /tmp, whatever TMPDIR says; they go with the profile
    // on every exit path (a killed office leaves them behind).
    removeWithPrivateTempDir(profile, officePipeFiles(profile));
    const pipe = pipeName(profile);
    const [cmd, args] = dyingWithParent(officeBin, [
      `-env:UserInstallation=${profileUrl(profile)}`,
      '--headless', '--invisible', '--norestore', '--nologo', '--nodefault', '--nolockcheck',
      `--accept=pipe,name=${pipe};urp;StarOffice.ComponentContext`,
    ]);
    const [pcmd, pargs] = dyingWithParent(python, ['-c', UNO_BRIDGE, pipe, String(START_SECONDS)]);
    const bridge = spawn(pcmd, pargs, { stdio: ['pipe', 'pipe', 'pipe'] });
    trackChild(bridge);
    const answers = readline.createInterface({ input: bridge.stdout! })[Symbol.asyncIterator]();
    const r: Running = { office: undefined!, bridge, profile, answers };
    let stderr = '';
    bridge.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    const ended = (what: string) => (code: number | null, signal: NodeJS.Signals | null) => {
      r.ended ??= `${what} ended (${signal ?? `exit ${code}`})${stderr.trim() ? `: ${stderr.trim().split('\n').at(-1)}` : ''}`;
    };
    bridge.once('exit', ended('the LibreOffice bridge'));
    bridge.once('error', (e) => (r.ended ??= `the LibreOffice bridge could not start: ${e.message}`));
    // A request written to a bridge that has just died (EPIPE) is answered by its end, not a crash.
    bridge.stdin!.on('error', (e) => (r.ended ??= `the LibreOffice bridge stopped reading (${e.message})`));
    // On its first start with a new profile, soffice.bin sets the profile up and exits with 81
    // ("restart"), which the soffice script's launcher answers by starting it again: so here.
    const launch = (again: boolean) => {
      // Its temporary files (lu*.tmp) inside the profile folder too: removed with it, also after a kill.
      const office = spawn(cmd, args, { stdio: 'ignore', env: { ...process.env, HOME: profile, TMPDIR: profile, TMP: profile, TEMP: profile } });
      trackChild(office);
      r.office = office;
      office.once('error', (e) => (r.ended ??= `LibreOffice could not start: ${e.message}`));
      office.once('exit', (code, signal) => {
        if (code === 81 && !again && r.office === office) launch(true);
        else if (r.office === office) ended('LibreOffice')(code, signal);
      });
      office.unref();
    };
    launch(false);
    bridge.unref();
    for (const s of [bridge.stdin, bridge.stdout, bridge.stderr]) (s as unknown as { unref?: () => void }).unref?.();

    const first = await withTimeout(answers.next(), (START_SECONDS + 5) * 1000);
    const hello = first !== 'timeout' && !first.done ? (JSON.parse(first.value) as { ready?: boolean; error?: string; missing?: boolean }) : undefined;
    if (!hello?.ready) {
      await this.kill(r);
      this.running = undefined;
      const why = hello?.error ?? r.ended ?? 'LibreOffice did not start';
      if (hello?.missing) throw this.gone(why);
      throw new ConversionFailed(`LibreOffice could not be started: ${why}`);
    }
    return r;
  }

  /** Missing for good in this process: said the same way to every case. */
  private gone(why: string): OfficeMissing {
    this.missing = why;
    return new OfficeMissing(why);
  }

  private async kill(r: Running): Promise<void> {
    for (const c of [r.bridge, r.office]) {
      if (c.exitCode === null && c.signalCode === null) {
        const exited = new Promise((resolve) => c.once('exit', resolve));
        c.kill('SIGKILL');
        await withTimeout(exited, 5000);
      }
    }
    // With it, LibreOffice's sockets in /tmp.
    await removePrivateTempDir(r.profile).catch(() => undefined);
  }

  /** Stops the office under way (if any); the next conversion starts a new one. */
  async stop(why = 'stopped'): Promise<void> {
    const running = this.running;
    this.running = undefined;
    const r = await running?.catch(() => undefined);
    if (r) {
      r.ended ??= why;
      await this.kill(r);
    }
  }

  /** A conversion is under way (for tests that kill the office in the middle of one). */
  get converting(): boolean {
    return this.keepAlive !== undefined;
  }

  /** The office's and its bridge's process ids, while they run (for tests that kill them). */
  async pids(): Promise<{ office: number; bridge: number } | undefined> {
    const r = await this.running?.catch(() => undefined);
    return r && !r.ended && r.office.pid && r.bridge.pid ? { office: r.office.pid, bridge: r.bridge.pid } : undefined;
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

let shared: Office | undefined;
/** The office of this process, started at its first conversion. */
export function sharedOffice(): Office {
  return (shared ??= new Office());
}

/** Forgets the office of this process (stopped first): the next one looks for LibreOffice again (for tests). */
export function forgetSharedOffice(): void {
  void shared?.stop();
  shared = undefined;
}
