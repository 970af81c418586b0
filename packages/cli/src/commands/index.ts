// Every `kuduso` command, in the order the help lists them. A new command is a module in this folder that
// exports a Command (see ../command.ts) and one line here; it imports its heavy parts inside run().
import type { Command } from '../command.ts';
import { api } from './api.ts';
import { appserver } from './appserver.ts';
import { definitions } from './definitions.ts';
import { dev } from './dev.ts';
import { dlq } from './dlq.ts';
import { list } from './list.ts';
import { migrate } from './migrate.ts';
import { purge } from './purge.ts';
import { relay } from './relay.ts';
import { result } from './result.ts';
import { solve } from './solve.ts';
import { status } from './status.ts';
import { submit } from './submit.ts';
import { watch } from './watch.ts';
import { worker } from './worker.ts';

export const commands: Command[] = [
  // servers
  dev,
  api,
  worker,
  appserver,
  migrate,
  relay,
  dlq,
  purge,
  // without a server
  solve,
  // clients of a running API
  submit,
  status,
  result,
  watch,
  list,
  definitions,
];
