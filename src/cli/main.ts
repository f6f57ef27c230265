/**
 * The command line. Commands are imported only when they run, so `--help` and a quick
 * `validate` do not load what `build` needs. This is the only place that exits the process.
 */
import { Command, CommanderError, Option } from 'commander';
import { EXIT, UsageError, paint, processIO, type CliIO } from './io.js';
import { PACKAGE_VERSION } from '../paths.js';

/** --mode of build and watch: the permissions of what they write (src/builder/privacy.ts MODES). */
const modeOption = () =>
  new Option('--mode <mode>', 'permissions of the output folders and files, whatever the umask: private = 0700/0600 (owner only), shared = 0750/0640 (the owner\'s group may read)')
    .choices(['private', 'shared'])
    .default('private');

/** --limit of build and watch: a limit of limits.ts changed from its default, in the units people think in. */
const limitOption = () =>
  new Option('--limit <name=value>', 'change a limit (repeat for several): image-megapixels, stream-mb, exhibit-pages, packet-pages, intake-mb, intake-depth, case-seconds; e.g. --limit case-seconds=600')
    .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);

/** --queue of build and watch: hand the cases to queue workers instead of building them here. */
const queueFlag = () => new Option('--queue <redis-url>', 'queue the cases on this Redis (redis://[:password@]host:port, rediss:// for TLS) for `asylum-packet worker`s to build, instead of building them here');

const PRIVACY_HELP =
  'Privacy: output folders are 0700 and files 0600 unless --mode shared; manifest.json names warnings by\n' +
  'code and title only (no client data); a qpdf repair\'s temporary copy is owner-only and removed on exit.';

/**
 * Set by a command whose libraries may leave timers behind after a clean stop: `worker`, whose
 * BullMQ worker, when Redis went away, keeps re-arming its lock extender and reconnecting. Once
 * it has stopped and said so, main() ends the process rather than wait for them.
 */
let exitWhenDone = false;

function program(io: CliIO, setExit: (code: number) => void): Command {
  const p = new Command('asylum-packet')
    .description('Assembles asylum filings for USCIS and the immigration court from client intake files.')
    .version(PACKAGE_VERSION, '-V, --version')
    .showHelpAfterError('(run asylum-packet --help for the commands)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  p.command('validate')
    .description('check intake files against the intake contract and report every problem, located by line and column')
    .argument('<files...>', 'intake files, folders or quoted globs, e.g. "intake/*.json"')
    .option('--json', 'print a machine-readable report instead')
    .option('--schema-only', 'check everything except whether the referenced files exist')
    .addOption(new Option('--today <date>', 'take this date (YYYY-MM-DD) as today, for reproducible reports'))
    .addHelpText('after', '\nExit codes: 0 all valid (warnings allowed), 1 any file invalid, 2 usage error.')
    .action(async (files: string[], flags: { json?: boolean; schemaOnly?: boolean; today?: string }) => {
      const { validateCommand } = await import('./commands/validate.js');
      setExit(await validateCommand(files, flags, io));
    });

  p.command('check-rules')
    .description('check each intake against the filing rules (deadlines, proof of arrival, translations, interpreter, derivatives, court details, fees, ECAS file size) and print each rule\'s result with its source')
    .argument('<files...>', 'intake files, folders or quoted globs, e.g. "intake/*.json"')
    .option('--json', 'print a machine-readable report instead')
    .addOption(new Option('--today <date>', 'take this date (YYYY-MM-DD) as today: deadlines and hearings before it are past'))
    .option('--out <folder>', 'where the cases were built: check the built PDFs against the ECAS size limit (without it, that rule is not checked)')
    .addHelpText('after', '\nExit codes: 0 no rule gives an error (warnings allowed), 1 any rule gives an error or an intake is invalid, 2 usage error.')
    .action(async (files: string[], flags: { json?: boolean; today?: string; out?: string }) => {
      const { checkRulesCommand } = await import('./commands/check-rules.js');
      setExit(await checkRulesCommand(files, flags, io));
    });

  p.command('build')
    .description('build the documents of each case: every pipeline whose "when" matches, into <out>/<caseId>/<pipeline>/')
    .argument('<files...>', 'intake files, folders or quoted globs, e.g. "intake/*.json"')
    .option('--out <folder>', 'where to write the outputs', 'output')
    .option('--templates <folder>', 'templates folder (default: the templates shipped with asylum-packet)')
    .option('--pipelines <folder>', 'pipelines folder (default: the pipelines shipped with asylum-packet)')
    .addOption(new Option('--today <date>', 'take this date (YYYY-MM-DD) as today'))
    .option('--force', 'build even the cases whose inputs have not changed since their outputs were published')
    .option('--concurrency <n>', 'how many cases to build at once: this process and N-1 worker processes (default: one for every 20 cases, at most the number of cores)')
    .addOption(modeOption())
    .addOption(limitOption())
    .addOption(queueFlag())
    .addHelpText(
      'after',
      '\nA case is published only when all its pipelines succeed; a failed case keeps its previous output.\n' +
        'A form step whose field map does not fit the form fails alone: the case\'s other documents are\n' +
        'published, without that form ("built, with a document missing").\n' +
        'A pipeline whose inputs (intake, evidence, templates, pipeline, tool version, date: by content) match\n' +
        'its published manifest.json is skipped as up to date.\n' +
        'With --queue, the cases are built by `asylum-packet worker`s (on this machine or others that see the\n' +
        'same folders at the same paths); build waits for them and prints the same report. No client data goes\n' +
        'to Redis: paths, case ids, fingerprints, problem codes.\n' +
        'Exit codes: 0 every case built or up to date, 1 any case failed or has a document missing (the others\n' +
        'are still built), or the queue could not be reached, 2 usage error.\n' +
        PRIVACY_HELP,
    )
    .action(async (files: string[], flags: { out: string; templates?: string; pipelines?: string; today?: string; force?: boolean; concurrency?: string; mode?: 'private' | 'shared'; limit?: string[]; queue?: string }) => {
      const { buildCommand } = await import('./commands/build.js');
      setExit(await buildCommand(files, flags, io));
    });

  p.command('watch')
    .description('build the intake files dropped into a folder, and again when they, their evidence, a template or a pipeline change; a status file beside each intake')
    .option('--in <folder>', 'the watched folder (intake files directly in it, evidence in subfolders)', 'intake')
    .option('--out <folder>', 'where to write the outputs (never watched)', 'output')
    .option('--templates <folder>', 'templates folder (default: the templates shipped with asylum-packet)')
    .option('--pipelines <folder>', 'pipelines folder (default: the pipelines shipped with asylum-packet)')
    .option('--concurrency <n>', 'how many cases to build at once, each in a worker process (default: the number of cores)')
    .addOption(modeOption())
    .addOption(limitOption())
    .addOption(queueFlag())
    .addHelpText(
      'after',
      '\nLogs one JSON line an event (case id, pipelines, duration, outcome; no client names).\n' +
        'Each case builds in a worker process, so the watcher always answers: a case past its time limit\n' +
        '(--limit case-seconds, default 300) fails alone, and a worker stuck where it cannot stop is replaced.\n' +
        'A case the output folder refused (a full or read-only disk, permission denied) gets the status "retrying"\n' +
        'and is built again after 2, 4, 8 … seconds (at most a minute apart) until it succeeds; its previous\n' +
        'filing is kept. A second intake with the caseId of another is rejected (AP3004), across restarts too.\n' +
        'Ctrl-C (SIGINT) or SIGTERM: stops taking work, gives builds under way 3 seconds to finish and publish,\n' +
        'then stops them (nothing partial is published; they build again at the next start); exits 0.\n' +
        PRIVACY_HELP +
        '\nStatus files beside the intakes have the file mode too, and name problems by code, title and JSON path only.\n' +
        'With --queue, the cases are built by `asylum-packet worker`s; the watcher queues them and writes their status.',
    )
    .action(async (flags: { in: string; out: string; templates?: string; pipelines?: string; concurrency?: string; mode?: 'private' | 'shared'; limit?: string[]; queue?: string }) => {
      const { watchCommand } = await import('./commands/watch.js');
      setExit(await watchCommand(flags, io));
    });

  p.command('serve')
    .description('the web app, on 127.0.0.1: every case of a watched folder with its state and deadline, the intake as a form checked as you type, evidence uploads, the filing with its packet; it watches and builds the folder as `watch` does')
    .option('--in <folder>', 'the watched folder (intake files directly in it, evidence in subfolders)', 'intake')
    .option('--out <folder>', 'where to write the outputs (never watched)', 'output')
    .option('--port <n>', `the port on 127.0.0.1 (default ${4589}; 0: any free port)`)
    .option('--templates <folder>', 'templates folder (default: the templates shipped with asylum-packet)')
    .option('--pipelines <folder>', 'pipelines folder (default: the pipelines shipped with asylum-packet)')
    .option('--concurrency <n>', 'how many cases to build at once, each in a worker process (default: the number of cores)')
    .option('--no-build-at-start', 'do not build the intakes already in the folder when starting: they build when they change, or from the app\'s Build button')
    .option('--max-upload <MB>', 'largest evidence file accepted from the browser, in MB (default 200)')
    .addOption(new Option('--today <date>', 'take this date (YYYY-MM-DD) as today: deadlines are counted from it'))
    .addOption(modeOption())
    .addOption(limitOption())
    .addOption(queueFlag())
    .addHelpText(
      'after',
      '\nPrints the address to open, with a random token that every request needs (it changes at each start).\n' +
        'Listens on 127.0.0.1 only; the page loads nothing from elsewhere and works with no network.\n' +
        'Saving in the form writes the intake file in the folder (atomically; only what changed), where the\n' +
        'watcher builds it; a save over a version changed elsewhere (another tab, person or program) is refused\n' +
        'and nothing is written (AP3031). Uploads land in evidence/<caseId>/ beside the intakes, never elsewhere.\n' +
        'Logs one JSON line an event, as watch does (no client names). Ctrl-C (SIGINT) or SIGTERM stops it.\n' +
        PRIVACY_HELP,
    )
    .action(async (flags: { in: string; out: string; port?: string; templates?: string; pipelines?: string; concurrency?: string; buildAtStart?: boolean; maxUpload?: string; today?: string; mode?: 'private' | 'shared'; limit?: string[]; queue?: string }) => {
      const { serveCommand } = await import('./commands/serve.js');
      // Like a worker: once stopped, the process ends, whatever a browser's open connection holds.
      exitWhenDone = true;
      setExit(await serveCommand(flags, io));
    });

  p.command('worker')
    .description('build the cases that `build --queue` and `watch --queue` put on a Redis queue, one at a time, until stopped; start one a core, on any machine that sees the intake and output folders at the same paths')
    .requiredOption('--queue <redis-url>', 'the queue: redis://[:password@]host:port (rediss:// for TLS)')
    .option('--templates <folder>', 'templates folder for the cases whose build named none (default: the templates shipped with asylum-packet); a build --templates X sends X with its cases')
    .option('--pipelines <folder>', 'pipelines folder for the cases whose build named none (default: the pipelines shipped with asylum-packet); a build --pipelines X sends X with its cases')
    .option('--lease <seconds>', 'how long a worker holds a case without renewing its lease: a killed worker\'s case is taken by another this long after (default 30)')
    .addHelpText(
      'after',
      '\nLogs one JSON line a job (job id, case id, outcome, problem codes, duration; no client names).\n' +
        'Two workers never build one case at once (a lock with a lease in Redis). A case that fails on its own\n' +
        'input is answered at once; a failure that looks temporary (the output folder refused, the lease lost)\n' +
        'is tried again 2, 4, 8 and 16 s later. A worker killed mid-case publishes nothing; its case is built by\n' +
        'another worker once the lease runs out.\n' +
        'Ctrl-C (SIGINT) or SIGTERM: stops taking cases, finishes the one under way, exits 0.\n' +
        'Exit codes: 0 stopped, 1 the queue could not be reached, 2 usage error.',
    )
    .action(async (flags: { queue: string; templates?: string; pipelines?: string; lease?: string }) => {
      const { workerCommand } = await import('./commands/worker.js');
      exitWhenDone = true;
      setExit(await workerCommand(flags, io));
    });

  p.command('lint-templates')
    .description('list the tags of every template and check each against the intake, the derived values and the filters; check the pipelines')
    .option('--templates <folder>', 'templates folder (default: the templates shipped with asylum-packet)')
    .option('--pipelines <folder>', 'pipelines folder (default: the pipelines shipped with asylum-packet)')
    .option('--tags', 'print every template\'s tags')
    .option('--json', 'print a machine-readable report')
    .addHelpText('after', '\nExit codes: 0 no problems, 1 problems found, 2 usage error.')
    .action(async (flags: { templates?: string; pipelines?: string; tags?: boolean; json?: boolean }) => {
      const { lintTemplatesCommand } = await import('./commands/lint-templates.js');
      setExit(await lintTemplatesCommand(flags, io));
    });

  p.command('form-fields')
    .description('list every field of a fillable PDF: full name, kind, page, export values, max length and the form\'s own wording of it (to write or check a field map); with --coverage, what a case fills in each field')
    .argument('<pdf>', 'the fillable form, e.g. templates/forms/i-589.pdf')
    .option('--json', 'print the list (or the coverage) as JSON')
    .option('--coverage <intake>', 'fill the form for this intake in memory (nothing is written) and report, field by field: filled, "N/A", continued on the continuation page, or left blank and why, with the percentage')
    .option('--map <map>', 'the field map for --coverage (default: the shipped pipelines/forms/i-589.yaml)')
    .option('--today <date>', 'take this date (YYYY-MM-DD) as today for --coverage')
    .option('--all', 'with --coverage: list every field, not only the blank and continued ones')
    .addHelpText('after', '\nExit codes: 0 listed (or reported), 1 the PDF is no fillable form, the intake is invalid or the map does not fit the form, 2 usage error.')
    .action(async (file: string, flags: { json?: boolean; coverage?: string; map?: string; today?: string; all?: boolean }) => {
      const { formFieldsCommand } = await import('./commands/form-fields.js');
      setExit(await formFieldsCommand(file, flags, io));
    });

  p.command('check')
    .description('build the sample cases and compare every document with its approved golden (fixtures/goldens/), showing what changed')
    .option('--update', 'approve: write the goldens from this build instead of comparing')
    .option('--templates <folder>', 'templates folder (default: the templates shipped with asylum-packet)')
    .option('--pipelines <folder>', 'pipelines folder (default: the pipelines shipped with asylum-packet)')
    .option('--goldens <folder>', 'goldens folder (default: fixtures/goldens)')
    .option('--samples <folder>', 'sample intakes to build (default: fixtures/samples)')
    .addHelpText('after', '\nThe samples are built as on 2026-11-22. Exit codes: 0 every document matches its golden (or --update done), 1 any document differs or a case failed, 2 usage error.')
    .action(async (flags: { update?: boolean; templates?: string; pipelines?: string; goldens?: string; samples?: string }) => {
      const { checkCommand } = await import('./commands/check.js');
      setExit(await checkCommand(flags, io));
    });

  p.command('report')
    .description('write a report of an intake that can be attached to a bug report: its shape, problems, files and (with --build) the build\'s outcome, with nothing that identifies the client')
    .argument('<intake>', 'the intake file, e.g. intake/garcia.json')
    .option('--redact', 'required: only a redacted report is written (every text a placeholder, the case id a hash, no file names)')
    .option('-o, --output <file>', 'where to write it (default: report-<hash of the case id>.redacted.json in the current folder)')
    .option('--build', 'also build the case into a temporary folder (owner-only, removed afterwards) and report each pipeline\'s outcome')
    .addOption(new Option('--today <date>', 'take this date (YYYY-MM-DD) as today'))
    .option('--templates <folder>', 'templates folder (default: the templates shipped with asylum-packet)')
    .option('--pipelines <folder>', 'pipelines folder (default: the pipelines shipped with asylum-packet)')
    .addHelpText('after', '\nThe report file is 0600 (owner only). An invalid intake still gets a report: its problems are the point.\nExit codes: 0 written, 2 usage error (no --redact, the intake missing, the output not writable).')
    .action(async (file: string, flags: { redact?: boolean; output?: string; build?: boolean; today?: string; templates?: string; pipelines?: string }) => {
      const { reportCommand } = await import('./commands/report.js');
      setExit(await reportCommand(file, flags, io));
    });

  p.command('record-filing')
    .description('record a filing as it was filed: the intake as filed and the sha256 of every document, with the exhibits\' tabs and pages, in history/ beside the intake; the intake\'s proceeding.priorFilings[] names it')
    .argument('<intake>', 'the intake file of the case')
    .requiredOption('--stage <stage>', 'affirmative (filed with USCIS), defensive (filed with the immigration court) or supplemental (the evidence the supplemental pipeline built: exhibits added since the last recorded filing)')
    .requiredOption('--date <date>', 'the date it was filed, YYYY-MM-DD')
    .option('--out <folder>', 'where the case was built', 'output')
    .option('--templates <folder>', 'templates folder (default: the templates shipped with asylum-packet)')
    .option('--pipelines <folder>', 'pipelines folder (default: the pipelines shipped with asylum-packet)')
    .addOption(new Option('--today <date>', 'take this date (YYYY-MM-DD) as today'))
    .addHelpText(
      'after',
      '\nThe filing must be built from this very intake (its manifest says so, by hash). The two files in history/\n' +
        '(<date>-<stage>.json and <date>-<stage>.record.json) are read-only and never replaced: recording the same\n' +
        'stage and date twice is an error (AP6001). The intake keeps its formatting; one entry is added.\n' +
        'Exit codes: 0 recorded, 1 not recorded (the problems say why), 2 usage error.',
    )
    .action(async (file: string, flags: { stage: string; date: string; out: string; templates?: string; pipelines?: string; today?: string }) => {
      const { recordFilingCommand } = await import('./commands/record-filing.js');
      setExit(await recordFilingCommand(file, flags, io));
    });

  p.command('schema')
    .description('print the JSON Schema of intake files, or with --pipeline of pipeline files (kept as intake.schema.json and pipeline.schema.json)')
    .option('--pipeline', 'the schema of pipeline files instead')
    .action(async (flags: { pipeline?: boolean }) => {
      const { schemaCommand } = await import('./commands/schema.js');
      setExit(await schemaCommand(io, flags));
    });

  return p;
}

/** Runs the command line with `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: string[], io: CliIO = processIO()): Promise<number> {
  let code: number = EXIT.ok;
  try {
    await program(io, (c) => (code = c)).parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (err instanceof UsageError) {
      const c = paint(io);
      io.stderr(`${c.red('error:')} ${err.message}  ${c.dim(`[${err.code}]`)}\n${err.hint ? `  ${c.dim('hint:')} ${err.hint}\n` : ''}`);
      return EXIT.usage;
    }
    io.stderr(`asylum-packet: unexpected failure, please report it with the command you ran:\n${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT.internal;
  }
}

export async function main(argv: string[]): Promise<void> {
  // Output piped into a reader that stopped (`asylum-packet --help | head`): stop quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  const code = await runCli(argv);
  // Its log is written synchronously: nothing is lost by ending here.
  if (exitWhenDone) process.exit(code);
  process.exitCode = code;
}
