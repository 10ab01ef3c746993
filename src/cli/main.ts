/**
 * The `spinode` command (DESIGN.md section 4.1). Each subcommand lives in its own module; this file
 * only parses arguments (commander) and maps failures to exit codes.
 */
import { Command, CommanderError } from 'commander';
import { GpuUnavailableError } from '../gpu/device.ts';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_RUNTIME_FAILURE } from './exitCodes.ts';
import { infoCommand } from './info.ts';

/** An error caused by the user's input: exit code 2, message printed as it is. */
export class InputError extends Error {
  override name = 'InputError';
}

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

  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_OK;
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
