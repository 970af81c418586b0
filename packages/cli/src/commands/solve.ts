import type { Command } from '../command.ts';

export const solve: Command = {
  name: 'solve',
  summary: 'compute once and print the outputs JSON; no server needed',
  args: '<definition@version> <inputs.json|->',
  description: `The same contract checks and engine as the AppServer. Outputs on stdout; errors on stderr as the
API's JSON error body. Exit codes: 0 done, 1 invalid inputs or failure, 2 usage, 3 domain rule (422).`,
  options: {
    svg: { type: 'string', placeholder: '<file>', description: 'write the SVG plan to this file' },
    'out-dir': { type: 'string', placeholder: '<dir>', description: 'write every file the engine made here' },
  },
  positionals: { min: 2, max: 2 },
  async run(input) {
    return (await import('../solve.ts')).runSolve(input);
  },
};
