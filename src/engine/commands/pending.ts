// Runs pending commands: work one instance handed to another (child started or completed,
// cancellation) and signal deliveries. Each row is deleted inside the transaction of the command
// it causes, so it takes effect exactly once, also across crashes (rows left behind are picked up
// at the next start).
import type pino from 'pino';
import type { CommandRunner } from '../command-runner.js';
import { deliverChildVariables } from '../runtime/behaviours/scopes.js';
import type { InstanceContext, PendingCommand } from '../runtime/state.js';
import { inTransaction, type Db, type Tx } from '../store/db.js';
import type { DefinitionStore, ProcessDefinition } from '../store/definitions.js';
import { cancel } from './instances.js';
import { deliverSignal, fanOutSignal } from './signals.js';

interface Row {
  id: number;
  command: PendingCommand;
}

async function claim(tx: Tx, id: number): Promise<boolean> {
  const { rowCount } = await tx.query('DELETE FROM engine.pending_commands WHERE id = $1', [id]);
  return rowCount === 1;
}

export class PendingCommandDispatcher {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly runner: CommandRunner,
    private readonly definitions: DefinitionStore,
    private readonly now: () => number,
    private readonly logger: pino.Logger,
  ) {}

  /** Runs pending commands soon; calls while a run is under way make it run once more. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.logger.error({ err: error }, 'pending commands failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** Runs until no pending command is left (or only failing ones). */
  async drain(): Promise<void> {
    const failed = new Set<number>();
    for (;;) {
      const { rows } = await this.db.query<Row>(
        'SELECT id, command FROM engine.pending_commands WHERE NOT (id = ANY($1)) ORDER BY id LIMIT 100',
        [[...failed]],
      );
      if (rows.length === 0 || this.stopped) return;
      for (const row of rows) {
        try {
          await this.run(row);
        } catch (error) {
          failed.add(row.id);
          this.logger.error({ err: error, command: row.command }, 'pending command failed; it stays queued');
        }
      }
    }
  }

  private async run({ id, command }: Row): Promise<void> {
    switch (command.kind) {
      case 'startChild':
        return this.startChild(id, command);
      case 'childCompleted':
        return this.onTarget(id, command.processInstanceKey, (runtime) => {
          const element = runtime.ctx.elements.get(command.elementInstanceKey);
          if (runtime.isLive(element)) deliverChildVariables(runtime, element, command.variables);
        });
      case 'cancelInstance':
        return this.onTarget(id, command.processInstanceKey, (runtime) => cancel(runtime));
      case 'deliverSignal':
        return this.onTarget(id, command.processInstanceKey, (runtime) =>
          deliverSignal(runtime, command.signalName, command.variables),
        );
      case 'broadcastSignal':
        return this.inOwnTransaction(id, async (tx) => {
          const key = this.runner.keys.take();
          await fanOutSignal(
            tx,
            { key, signalName: command.signalName, variables: command.variables },
            this.now(),
          );
          this.again = true;
          return [];
        });
      case 'startBySignal': {
        const definition = await this.definitions.byKey(command.processDefinitionKey);
        return this.inOwnTransaction(id, async (tx) => [
          await this.runner.createInstanceIn(tx, definition, command.variables, {
            startEventId: command.elementId,
          }),
        ]);
      }
    }
  }

  /** Runs `work` in the target instance's command; a target that has ended just drops the row. */
  private async onTarget(
    id: number,
    processInstanceKey: string,
    work: Parameters<CommandRunner['onInstance']>[1],
  ): Promise<void> {
    try {
      await this.runner.onInstance(
        processInstanceKey,
        (runtime, claimed: boolean) => (claimed ? work(runtime, claimed) : undefined),
        {
          prepare: (tx) => claim(tx, id),
        },
      );
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'NOT_FOUND') throw error;
      await this.db.query('DELETE FROM engine.pending_commands WHERE id = $1', [id]);
    }
  }

  private async inOwnTransaction(id: number, work: (tx: Tx) => Promise<InstanceContext[]>): Promise<void> {
    const created = await this.runner.withRetry(() =>
      inTransaction(this.db, async (tx) => ((await claim(tx, id)) ? work(tx) : [])),
    );
    for (const ctx of created) this.runner.afterCommit(ctx);
  }

  /** Starts a call activity's child inside the parent's command, after checking it still waits. */
  private async startChild(
    id: number,
    command: Extract<PendingCommand, { kind: 'startChild' }>,
  ): Promise<void> {
    const definition: ProcessDefinition | undefined = await this.definitions
      .byProcessId(command.processId)
      .catch((error: unknown) => {
        if ((error as { code?: unknown }).code === 'NOT_FOUND') return undefined;
        throw error;
      });
    let childKey: string | undefined;
    try {
      await this.runner.onInstance(
        command.processInstanceKey,
        (runtime, claimed: boolean) => {
          const element = runtime.ctx.elements.get(command.elementInstanceKey);
          if (!claimed || !runtime.isLive(element)) return;
          if (!definition) {
            runtime.raiseIncident(
              element,
              'CALLED_ELEMENT_ERROR',
              `Expected process with BPMN process id '${command.processId}' to be deployed, but not found.`,
              { kind: 'activate', elementInstanceKey: element.key },
            );
            return;
          }
          childKey = runtime.keys.take();
          element.data.childInstanceKey = childKey;
          runtime.ctx.elements.touch(element);
        },
        {
          prepare: (tx) => claim(tx, id),
          after: async (tx) =>
            childKey && definition
              ? [
                  await this.runner.createInstanceIn(tx, definition, command.variables, {
                    key: childKey,
                    parent: {
                      processInstanceKey: command.processInstanceKey,
                      elementInstanceKey: command.elementInstanceKey,
                    },
                  }),
                ]
              : [],
        },
      );
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'NOT_FOUND') throw error;
      await this.db.query('DELETE FROM engine.pending_commands WHERE id = $1', [id]);
    }
  }
}
