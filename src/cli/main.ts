/**
 * The `spinode` command (DESIGN.md section 4.1). Each subcommand lives in its own module; this file
 * only parses arguments (commander) and maps failures to exit codes.
 */
import { Command, CommanderError } from 'commander';
import { GpuUnavailableError } from '../gpu/device.ts';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_RUNTIME_FAILURE } from './exitCodes.ts';
import { benchCommand, type BenchOptions } from './bench.ts';
import { infoCommand } from './info.ts';
import { InputError } from './inputError.ts';
import { runCommand, type RunOptions } from './run.ts';
import { validateCommand } from './validate.ts';
import { scenesCommand } from './scenes.ts';
import { spacechargeCommand, type SpaceChargeOptions } from './spacecharge.ts';
import { microstructureCommand, type MicrostructureOptions } from './microstructure.ts';
import { registerSweepCommands } from './sweep.ts';
import { fitCommand, type FitOptions } from './fit.ts';

export async function main(argv: string[]): Promise<number> {
  let debug = argv.includes('--debug');
  const program = new Command()
    .name('spinode')
    .description('GPU phase-field and chemo-mechanics engine for battery electrode particles')
    .option('--debug', 'print stack traces on failure')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('info')
    .description('show the WebGPU adapter, backend, limits and features')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => infoCommand(opts));

  let exitCode = EXIT_OK;
  program
    .command('bench')
    .description('benchmark the FFT and Cahn-Hilliard steps (against a copy kernel as the bandwidth yardstick) on this device')
    .option('--quick', 'fewer sizes and repetitions (same as --suite quick)')
    .option('--suite <name>', 'full (default), quick or smoke (one small 2D grid)')
    .option('--json <file>', 'also write the report as JSON')
    .option('--compare <baseline>', 'compare steps/s with a saved --json report; exit 1 on a regression')
    .option('--regression-threshold <percent>', 'slow-down that counts as a regression (default 10%)')
    .action(async (opts: BenchOptions) => {
      exitCode = await benchCommand(opts);
    });
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  program
    .command('run')
    .description('run a scene (a .json file or a bundled scene name) and write its outputs')
    .argument('<scene>', 'scene file or bundled scene name (see `spinode scenes`)')
    .option('--out <dir>', 'output folder (default runs/<scene name>)')
    .option('--t-end <time>', "end time in the scene's units (overrides time.tEnd)")
    .option('--steps <n>', 'stop after at most n steps of this invocation (with --resume: n more steps)')
    .option('--until-step <n>', 'stop once the run reaches step n (counted from the start of the run, also across --resume)')
    .option('--set <path=json>', 'override a scene value, e.g. --set model.kappa=3 (repeatable)', collect)
    .option('--resume <dir>', 'continue the run in <dir> from its checkpoint (every run leaves one; with a later --t-end a finished run is extended)')
    .option('--checkpoint-every <seconds>', 'write a checkpoint this often (default 300)')
    .option('--quiet', 'no progress output')
    .action(async (scene: string, opts: RunOptions) => {
      exitCode = await runCommand(scene, opts, argv);
    });

  program
    .command('fit')
    .description('fit scene values to measured voltage curves (FIT.json: scene, data, parameters, optimiser); writes fit.json, curves.csv and plots')
    .argument('<fit>', 'FIT.json (see docs/calibration.md)')
    .option('--out <dir>', 'output folder (default runs/fit-<name>)')
    .option('--max-evaluations <n>', "override the optimiser's evaluation budget")
    .option('--quiet', 'no progress output')
    .action(async (fit: string, opts: FitOptions) => {
      exitCode = await fitCommand(fit, opts);
    });

  program
    .command('validate')
    .description('check a scene without running it (exit 0 valid, 2 invalid)')
    .argument('<scene>', 'scene file or bundled scene name')
    .option('--set <path=json>', 'override a scene value (repeatable)', collect)
    .action((scene: string, opts: { set?: string[] }) => validateCommand(scene, opts));

  program
    .command('scenes')
    .description('list the bundled scenes')
    .action(() => scenesCommand());

  program
    .command('spacecharge')
    .description('space-charge layer at a solid-electrolyte surface (Poisson-Boltzmann, no GPU): Debye length, surface field, charge, capacitance; writes profile.csv and profile.png')
    .option('--carrier-density <perM3>', 'bulk density of the mobile carrier, m^-3 (default 1e24)')
    .option('--permittivity <epsr>', 'relative permittivity (default 60)')
    .option('--temperature <K>', 'temperature, K (default 298.15)')
    .option('--surface-potential <V>', 'surface potential against the bulk, V (default 0.1)')
    .option('--model <model>', 'single (one mobile ion, immobile counter-charge) or gouy-chapman (two mobile ions) (default single)')
    .option('--saturation', 'lattice-saturated occupation (needs --site-density)')
    .option('--site-density <perM3>', 'sites available to the mobile carriers, m^-3 (with --saturation)')
    .option('--charge-number <z>', 'signed charge number of the mobile carrier (default 1)')
    .option('--depth <debyeLengths>', 'profile depth in Debye lengths (default 10)')
    .option('--points <n>', 'profile points (default 401)')
    .option('--out <dir>', 'output folder (default runs/spacecharge)')
    .option('--quiet', 'print nothing')
    .action(async (opts: SpaceChargeOptions) => spacechargeCommand(opts));

  program
    .command('microstructure')
    .description('composite-electrode metrics (no GPU): TPB length, active/electrolyte area, percolation, reaction sites of a poor vs a mixed conductor')
    .option('--load <file.raw>', 'load uint8 voxels (0 pore, 1 active, 2 electrolyte, 3 carbon unless the header maps them)')
    .option('--header <file.json>', 'the JSON header of --load (default: the .raw name with .json)')
    .option('--shape <nx,ny,nz>', 'generated grid (default 64,64,64)')
    .option('--voxel-size <m>', 'voxel edge, m (default 5e-8)')
    .option('--fractions <a,e,c>', 'volume fractions of active, electrolyte, carbon (default 0.4,0.35,0.1; the rest pores)')
    .option('--radii <a,e,c>', 'sphere radii in voxels (default 6,4,2)')
    .option('--seed <n>', 'random seed (default 1)')
    .option('--fill <phase>', 'phase that fills what the spheres leave (default: pores)')
    .option('--tpb-width <m>', 'width of the reactive band along the TPB (default one voxel)')
    .option('--save <dir>', 'write the microstructure as microstructure.raw + microstructure.json')
    .option('--json <file>', 'also write the metrics as JSON')
    .action(async (opts: MicrostructureOptions) => microstructureCommand(opts));

  registerSweepCommands(program, (code) => (exitCode = code));

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return EXIT_OK; // --help, --version
      return EXIT_BAD_INPUT;
    }
    if (e instanceof InputError) {
      process.stderr.write(`spinode: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    const err = e as Error;
    if (err instanceof GpuUnavailableError) process.stderr.write(`spinode: ${err.message}\n`);
    else process.stderr.write(`spinode: ${err.message ?? String(e)}\n`);
    if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
    debug = false;
    return EXIT_RUNTIME_FAILURE;
  }
}
