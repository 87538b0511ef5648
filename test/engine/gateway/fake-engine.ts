// An in-memory stand-in for the EngineApi, just enough to drive the gateway adapters from real
// clients. A process is a chain of its service tasks (zeebe:taskDefinition types, in document
// order); each task is one job. Keys are int64 strings beyond 2^53 so that any lossy number
// conversion on the way would show.
import { EventEmitter, once } from 'node:events';
import type {
  ActivateJobsRequest,
  ActivatedJob,
  CompletedInstance,
  CreateInstanceRequest,
  CreatedInstance,
  DeployedForm,
  DeployedProcess,
  DeploymentResult,
  EngineApi,
  EngineClockState,
  FailJobRequest,
  JobWait,
  MigrateInstanceRequest,
  ModifyInstanceRequest,
  PublishMessageRequest,
  Resource,
  ThrowErrorRequest,
  Variables,
} from '../../../src/engine/api.js';
import {
  alreadyExists,
  EngineError,
  failedPrecondition,
  invalidArgument,
  notFound,
} from '../../../src/engine/errors.js';

interface ProcessDefinition {
  key: string;
  bpmnProcessId: string;
  version: number;
  resourceName: string;
  taskTypes: string[];
}

interface Instance {
  key: string;
  definition: ProcessDefinition;
  variables: Variables;
  state: 'active' | 'completed' | 'cancelled';
  /** Index of the task whose job is open. */
  step: number;
}

interface Job {
  key: string;
  instance: Instance;
  elementInstanceKey: string;
  type: string;
  retries: number;
  state: 'activatable' | 'activated' | 'failed' | 'done';
  worker: string;
  deadline: number;
  errorMessage?: string;
}

interface BufferedMessage {
  key: string;
  name: string;
  correlationKey: string;
  messageId: string | undefined;
  variables: Variables;
  /** Engine time in ms. */
  expiresAt: number;
}

export interface RecordedCall {
  method: keyof EngineApi;
  args: unknown[];
}

type Rejection = { method: keyof EngineApi; error: Error };

export class FakeEngine implements EngineApi {
  /** Every call the gateway made, in order. */
  readonly calls: RecordedCall[] = [];
  /** Every activateJobs call with the keys it activated, in order. */
  readonly activations: { request: ActivateJobsRequest; jobKeys: string[] }[] = [];
  readonly events = new EventEmitter();
  private nextKey = 9_007_199_254_740_993n; // 2^53 + 1
  private readonly definitions: ProcessDefinition[] = [];
  private readonly forms: DeployedForm[] = [];
  private readonly instances = new Map<string, Instance>();
  private readonly jobs = new Map<string, Job>();
  private readonly incidents = new Map<string, Job>();
  private readonly waiters = new Set<{ type: string; wake: () => void }>();
  /** Announcements of jobs per type, as the engine's JobWait.mark counts them. */
  private readonly marks = new Map<string, number>();
  private readonly rejections: Rejection[] = [];
  private messages: BufferedMessage[] = [];
  private clockState: { mode: EngineClockState['mode']; pinned: number; offsetMilli: number } = {
    mode: 'system',
    pinned: 0,
    offsetMilli: 0,
  };

  private activationHold: Promise<void> | undefined;

  /** Makes activateJobs wait (after announcing 'activation-started') until the returned release is called. */
  holdActivations(): () => void {
    let release = () => {};
    this.activationHold = new Promise<void>((resolve) => {
      release = () => {
        this.activationHold = undefined;
        resolve();
      };
    });
    return release;
  }

  /** Makes the next call of `method` fail with `error`. */
  rejectNext(method: keyof EngineApi, error: Error): void {
    this.rejections.push({ method, error });
  }

  /** How many `waitForJobs` calls for `type` are pending. */
  waitingFor(type: string): number {
    return [...this.waiters].filter((waiter) => waiter.type === type).length;
  }

  /** Resolves once some call waits for jobs of `type` (at once when one already does). */
  async untilWaiting(type: string): Promise<void> {
    while (this.waitingFor(type) === 0) await once(this.events, 'waiting');
  }

  /** Resolves once no call waits for jobs of `type` any more. */
  async untilIdle(type: string): Promise<void> {
    while (this.waitingFor(type) > 0) await once(this.events, 'waiting-ended');
  }

  /** Resolves with the next job of `type` that gets completed: its key and variables. */
  async nextCompletion(type: string): Promise<{ jobKey: string; variables: Variables }> {
    for (;;) {
      const [completion] = (await once(this.events, 'completed')) as [
        { type: string; jobKey: string; variables: Variables },
      ];
      if (completion.type === type) return completion;
    }
  }

  /** Keys of the open incidents (jobs failed without retries, or errors thrown). */
  incidentKeys(): string[] {
    return [...this.incidents.keys()];
  }

  job(key: string): Readonly<Job> | undefined {
    return this.jobs.get(key);
  }

  instance(key: string): Readonly<Instance> | undefined {
    return this.instances.get(key);
  }

  /** Messages published with a time-to-live that has not run out yet. */
  bufferedMessages(): readonly Readonly<BufferedMessage>[] {
    const now = this.now();
    this.messages = this.messages.filter((message) => message.expiresAt > now);
    return this.messages;
  }

  callsOf(method: keyof EngineApi): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  private key(): string {
    const key = this.nextKey;
    this.nextKey += 1n;
    return key.toString();
  }

  private enter(method: keyof EngineApi, ...args: unknown[]): void {
    this.calls.push({ method, args });
    const index = this.rejections.findIndex((rejection) => rejection.method === method);
    if (index === -1) return;
    const [rejection] = this.rejections.splice(index, 1);
    if (rejection) throw rejection.error;
  }

  private now(): number {
    if (this.clockState.mode === 'pinned') return this.clockState.pinned;
    return Date.now() + this.clockState.offsetMilli;
  }

  private wake(type: string): void {
    this.marks.set(type, (this.marks.get(type) ?? 0) + 1);
    for (const waiter of [...this.waiters]) if (waiter.type === type) waiter.wake();
  }

  private openJob(instance: Instance): void {
    const type = instance.definition.taskTypes[instance.step];
    if (type === undefined) {
      instance.state = 'completed';
      this.events.emit('instance-completed', instance.key);
      return;
    }
    const job: Job = {
      key: this.key(),
      instance,
      elementInstanceKey: this.key(),
      type,
      retries: 3,
      state: 'activatable',
      worker: '',
      deadline: -1,
    };
    this.jobs.set(job.key, job);
    this.wake(type);
  }

  /** The index of a task element id (`task_<n>`) in the definition, or undefined. */
  private taskIndex(definition: ProcessDefinition, elementId: string): number | undefined {
    const match = /^task_(\d+)$/.exec(elementId);
    const index = match ? Number(match[1]) : -1;
    return index >= 0 && index < definition.taskTypes.length ? index : undefined;
  }

  private activeInstance(processInstanceKey: string, action: string): Instance {
    const instance = this.instances.get(processInstanceKey);
    if (!instance || instance.state !== 'active') {
      throw notFound(
        `Expected to ${action} a process instance with key '${processInstanceKey}', but none was found`,
      );
    }
    return instance;
  }

  private openJobOf(jobKey: string): Job {
    const job = this.jobs.get(jobKey);
    if (!job || job.state === 'done')
      throw notFound(`Expected to find a job with key '${jobKey}', but none was found`);
    return job;
  }

  // --- EngineApi ---

  deployResources(resources: Resource[]): Promise<DeploymentResult> {
    this.enter('deployResources', resources);
    const processes: DeployedProcess[] = [];
    const forms: DeployedForm[] = [];
    for (const resource of resources) {
      const text = resource.content.toString('utf8');
      if (resource.name.endsWith('.form')) {
        const { id } = JSON.parse(text) as { id: string };
        const version = this.forms.filter((form) => form.formId === id).length + 1;
        const form = { formId: id, version, formKey: this.key(), resourceName: resource.name };
        this.forms.push(form);
        forms.push(form);
        continue;
      }
      const processId = /<bpmn:process id="([^"]+)"/.exec(text)?.[1];
      if (processId === undefined) {
        return Promise.reject(
          invalidArgument(`'${resource.name}': no BPMN process found`, [
            { resourceName: resource.name, message: 'missing <bpmn:process>' },
          ]),
        );
      }
      const taskTypes = [...text.matchAll(/<zeebe:taskDefinition type="([^"]+)"/g)].map(
        (match) => match[1] ?? '',
      );
      const version = this.definitions.filter((d) => d.bpmnProcessId === processId).length + 1;
      const definition = {
        key: this.key(),
        bpmnProcessId: processId,
        version,
        resourceName: resource.name,
        taskTypes,
      };
      this.definitions.push(definition);
      processes.push({
        bpmnProcessId: processId,
        version,
        processDefinitionKey: definition.key,
        resourceName: resource.name,
      });
    }
    return Promise.resolve({ key: this.key(), processes, forms });
  }

  createProcessInstance(request: CreateInstanceRequest): Promise<CreatedInstance> {
    this.enter('createProcessInstance', request);
    const candidates = this.definitions.filter((definition) =>
      request.processDefinitionKey !== undefined
        ? definition.key === request.processDefinitionKey
        : definition.bpmnProcessId === request.bpmnProcessId &&
          (request.version === undefined || request.version === -1 || definition.version === request.version),
    );
    const definition = candidates.at(-1);
    if (!definition) {
      return Promise.reject(
        notFound(
          `Expected to find process definition with process ID '${request.bpmnProcessId ?? request.processDefinitionKey}', but none found`,
        ),
      );
    }
    const instance: Instance = {
      key: this.key(),
      definition,
      variables: { ...request.variables },
      state: 'active',
      step: 0,
    };
    this.instances.set(instance.key, instance);
    this.openJob(instance);
    return Promise.resolve({
      processDefinitionKey: definition.key,
      bpmnProcessId: definition.bpmnProcessId,
      version: definition.version,
      processInstanceKey: instance.key,
    });
  }

  async createProcessInstanceWithResult(
    request: CreateInstanceRequest,
    options: { timeoutMs: number; fetchVariables?: string[] },
  ): Promise<CompletedInstance> {
    this.enter('createProcessInstanceWithResult', request, options);
    const created = await this.createProcessInstance(request);
    const instance = this.instances.get(created.processInstanceKey);
    if (!instance) throw new Error('instance vanished');
    if (instance.state !== 'completed') {
      const timeout = AbortSignal.timeout(options.timeoutMs);
      try {
        for (;;) {
          const [key] = (await once(this.events, 'instance-completed', { signal: timeout })) as [string];
          if (key === instance.key) break;
        }
      } catch {
        throw new EngineError(
          'DEADLINE_EXCEEDED',
          `Expected process instance '${instance.key}' to complete within ${options.timeoutMs} ms, but it did not`,
        );
      }
    }
    const names = options.fetchVariables;
    const variables =
      names === undefined
        ? { ...instance.variables }
        : Object.fromEntries(Object.entries(instance.variables).filter(([name]) => names.includes(name)));
    return { ...created, variables };
  }

  cancelProcessInstance(processInstanceKey: string): Promise<void> {
    this.enter('cancelProcessInstance', processInstanceKey);
    const instance = this.instances.get(processInstanceKey);
    if (!instance || instance.state !== 'active') {
      return Promise.reject(
        notFound(
          `Expected to cancel a process instance with key '${processInstanceKey}', but none was found`,
        ),
      );
    }
    instance.state = 'cancelled';
    for (const job of this.jobs.values()) if (job.instance === instance) job.state = 'done';
    return Promise.resolve();
  }

  /**
   * Terminates the job elements named by their element instance keys and activates task elements
   * (`task_<n>`), each opening its job; variables all go to the instance.
   */
  modifyProcessInstance(request: ModifyInstanceRequest): Promise<void> {
    this.enter('modifyProcessInstance', request);
    // A throw in the executor rejects the promise.
    return new Promise<void>((resolve) => {
      const instance = this.activeInstance(request.processInstanceKey, 'modify');
      const ending = (request.terminate ?? []).map(({ elementInstanceKey }) => {
        const job = [...this.jobs.values()].find(
          (candidate) =>
            candidate.instance === instance &&
            candidate.elementInstanceKey === elementInstanceKey &&
            candidate.state !== 'done',
        );
        if (!job) {
          throw invalidArgument(
            `Expected to terminate element instance '${elementInstanceKey}' of process instance '${instance.key}', but it is not active`,
          );
        }
        return job;
      });
      const starting = (request.activate ?? []).map((instruction) => {
        const index = this.taskIndex(instance.definition, instruction.elementId);
        if (index === undefined) {
          throw invalidArgument(
            `Expected to activate element '${instruction.elementId}' of process '${instance.definition.bpmnProcessId}', but no such element exists`,
          );
        }
        const ancestor = instruction.ancestorElementInstanceKey;
        if (ancestor !== undefined && ancestor !== instance.key) {
          throw invalidArgument(
            `Expected to activate element '${instruction.elementId}' inside element instance '${ancestor}', but that is not a live instance of '${instance.definition.bpmnProcessId}'`,
          );
        }
        return { index, instruction };
      });
      for (const job of ending) job.state = 'done';
      for (const { index, instruction } of starting) {
        for (const { variables } of instruction.variables ?? []) Object.assign(instance.variables, variables);
        instance.step = index;
        this.openJob(instance);
      }
      const live = [...this.jobs.values()].some((job) => job.instance === instance && job.state !== 'done');
      if (!live) instance.state = 'completed';
      resolve();
    });
  }

  /** Moves an instance to another definition; its open task must be mapped to a task there. */
  migrateProcessInstance(request: MigrateInstanceRequest): Promise<void> {
    this.enter('migrateProcessInstance', request);
    // A throw in the executor rejects the promise.
    return new Promise<void>((resolve) => {
      const instance = this.activeInstance(request.processInstanceKey, 'migrate');
      const target = this.definitions.find(
        (definition) => definition.key === request.targetProcessDefinitionKey,
      );
      if (!target) {
        throw notFound(
          `Expected to find process definition with key '${request.targetProcessDefinitionKey}', but none found`,
        );
      }
      const sourceId = `task_${instance.step}`;
      const targetId = request.mappingInstructions.find(
        (m) => m.sourceElementId === sourceId,
      )?.targetElementId;
      if (targetId === undefined) {
        throw invalidArgument(
          `Expected a mapping instruction for active element '${sourceId}', but none was given`,
        );
      }
      const targetIndex = this.taskIndex(target, targetId);
      if (targetIndex === undefined) {
        throw invalidArgument(
          `Expected element '${sourceId}' to map to an element of the same type in the target, but '${targetId}' does not exist`,
        );
      }
      instance.definition = target;
      instance.step = targetIndex;
      resolve();
    });
  }

  publishMessage(request: PublishMessageRequest): Promise<{ key: string }> {
    this.enter('publishMessage', request);
    if (request.name.trim() === '') {
      return Promise.reject(invalidArgument('Expected a message name, but name is blank'));
    }
    const { messageId } = request;
    if (
      messageId !== undefined &&
      this.bufferedMessages().some(
        (message) => message.name === request.name && message.messageId === messageId,
      )
    ) {
      return Promise.reject(
        alreadyExists(
          `Expected to publish a new message with id '${messageId}', but a message with that id was already published`,
        ),
      );
    }
    const key = this.key();
    const timeToLive = request.timeToLive ?? 0;
    if (timeToLive > 0) {
      this.messages.push({
        key,
        name: request.name,
        correlationKey: request.correlationKey ?? '',
        messageId,
        variables: { ...request.variables },
        expiresAt: this.now() + timeToLive,
      });
    }
    return Promise.resolve({ key });
  }

  /** Nothing in the fake subscribes to messages: always NOT_FOUND. */
  correlateMessage(
    request: Omit<PublishMessageRequest, 'timeToLive' | 'messageId'>,
  ): Promise<{ messageKey: string; processInstanceKey: string }> {
    this.enter('correlateMessage', request);
    return Promise.reject(
      notFound(
        `Expected to find subscription for message with name '${request.name}' and correlation key '${request.correlationKey ?? ''}', but none was found.`,
      ),
    );
  }

  broadcastSignal(request: { signalName: string; variables?: Variables }): Promise<{ key: string }> {
    this.enter('broadcastSignal', request);
    if (request.signalName.trim() === '') {
      return Promise.reject(invalidArgument('Expected a signal name, but signalName is blank'));
    }
    return Promise.resolve({ key: this.key() });
  }

  async activateJobs(request: ActivateJobsRequest): Promise<ActivatedJob[]> {
    this.enter('activateJobs', request);
    if (this.activationHold) {
      this.events.emit('activation-started', request.type);
      await this.activationHold;
    }
    const now = this.now();
    const activated: ActivatedJob[] = [];
    for (const job of this.jobs.values()) {
      if (activated.length >= request.maxJobsToActivate) break;
      if (job.type !== request.type || job.state !== 'activatable') continue;
      job.state = 'activated';
      job.worker = request.worker;
      job.deadline = now + request.timeout;
      const names = request.fetchVariable;
      const variables =
        names === undefined || names.length === 0
          ? { ...job.instance.variables }
          : Object.fromEntries(
              Object.entries(job.instance.variables).filter(([name]) => names.includes(name)),
            );
      activated.push({
        key: job.key,
        type: job.type,
        processInstanceKey: job.instance.key,
        bpmnProcessId: job.instance.definition.bpmnProcessId,
        processDefinitionVersion: job.instance.definition.version,
        processDefinitionKey: job.instance.definition.key,
        elementId: `task_${job.instance.step}`,
        elementInstanceKey: job.elementInstanceKey,
        customHeaders: { step: String(job.instance.step) },
        worker: request.worker,
        retries: job.retries,
        deadline: job.deadline,
        variables,
        tenantId: '<default>',
      });
    }
    this.activations.push({ request, jobKeys: activated.map((job) => job.key) });
    return activated;
  }

  /** Only wakes its waiters: jobs are never handed over, so `accept` changes nothing here. */
  waitForJobs(type: string, signal: AbortSignal): JobWait {
    this.enter('waitForJobs', type);
    let ended = signal.aborted;
    const result = ended
      ? Promise.resolve<ActivatedJob[]>([])
      : new Promise<ActivatedJob[]>((resolve) => {
          const waiter = {
            type,
            wake: () => {
              ended = true;
              this.waiters.delete(waiter);
              signal.removeEventListener('abort', waiter.wake);
              this.events.emit('waiting-ended', type);
              resolve([]);
            },
          };
          this.waiters.add(waiter);
          signal.addEventListener('abort', waiter.wake, { once: true });
          this.events.emit('waiting', type);
        });
    return { result, accept: () => !ended, mark: this.marks.get(type) ?? 0 };
  }

  completeJob(jobKey: string, variables?: Variables): Promise<void> {
    this.enter('completeJob', jobKey, variables);
    const job = this.openJobOf(jobKey);
    if (job.state === 'failed') {
      return Promise.reject(
        failedPrecondition(`Expected to complete job '${jobKey}', but it has failed (incident)`),
      );
    }
    job.state = 'done';
    Object.assign(job.instance.variables, variables);
    this.events.emit('completed', { type: job.type, jobKey, variables: { ...variables } });
    job.instance.step += 1;
    this.openJob(job.instance);
    return Promise.resolve();
  }

  failJob(request: FailJobRequest): Promise<void> {
    this.enter('failJob', request);
    const job = this.openJobOf(request.jobKey);
    job.retries = request.retries;
    job.errorMessage = request.errorMessage;
    Object.assign(job.instance.variables, request.variables);
    if (request.retries > 0) {
      job.state = 'activatable';
      this.wake(job.type);
    } else {
      job.state = 'failed';
      this.incidents.set(this.key(), job);
    }
    this.events.emit('job-failed', request.jobKey);
    return Promise.resolve();
  }

  throwError(request: ThrowErrorRequest): Promise<void> {
    this.enter('throwError', request);
    const job = this.openJobOf(request.jobKey);
    job.state = 'failed';
    job.errorMessage = request.errorMessage;
    this.incidents.set(this.key(), job);
    return Promise.resolve();
  }

  updateJobRetries(jobKey: string, retries: number): Promise<void> {
    this.enter('updateJobRetries', jobKey, retries);
    this.openJobOf(jobKey).retries = retries;
    return Promise.resolve();
  }

  updateJobTimeout(jobKey: string, timeout: number): Promise<void> {
    this.enter('updateJobTimeout', jobKey, timeout);
    const job = this.openJobOf(jobKey);
    if (job.state !== 'activated') {
      return Promise.reject(
        failedPrecondition(`Expected job '${jobKey}' to be activated, but it is ${job.state}`),
      );
    }
    job.deadline = this.now() + timeout;
    return Promise.resolve();
  }

  setVariables(elementInstanceKey: string, variables: Variables, local: boolean): Promise<string> {
    this.enter('setVariables', elementInstanceKey, variables, local);
    const instance = this.instances.get(elementInstanceKey);
    if (!instance) {
      return Promise.reject(
        notFound(
          `Expected to update variables for element with key '${elementInstanceKey}', but no such element was found`,
        ),
      );
    }
    Object.assign(instance.variables, variables);
    return Promise.resolve(this.key());
  }

  resolveIncident(incidentKey: string): Promise<void> {
    this.enter('resolveIncident', incidentKey);
    const job = this.incidents.get(incidentKey);
    if (!job)
      return Promise.reject(
        notFound(`Expected to resolve incident with key '${incidentKey}', but none was found`),
      );
    this.incidents.delete(incidentKey);
    job.state = 'activatable';
    this.wake(job.type);
    return Promise.resolve();
  }

  completeUserTask(userTaskKey: string): Promise<void> {
    this.enter('completeUserTask', userTaskKey);
    return Promise.reject(notFound(`Expected to find user task '${userTaskKey}', but the fake has none`));
  }

  clock(): EngineClockState {
    this.enter('clock');
    return { instant: this.now(), mode: this.clockState.mode, offsetMilli: this.clockState.offsetMilli };
  }

  pinClock(epochMs: number): Promise<EngineClockState> {
    this.enter('pinClock', epochMs);
    this.clockState = { mode: 'pinned', pinned: epochMs, offsetMilli: 0 };
    return Promise.resolve(this.clock());
  }

  addClockOffset(offsetMilli: number): Promise<EngineClockState> {
    this.enter('addClockOffset', offsetMilli);
    if (this.clockState.mode === 'pinned') this.clockState.pinned += offsetMilli;
    else
      this.clockState = { mode: 'offset', pinned: 0, offsetMilli: this.clockState.offsetMilli + offsetMilli };
    return Promise.resolve(this.clock());
  }

  resetClock(): Promise<EngineClockState> {
    this.enter('resetClock');
    this.clockState = { mode: 'system', pinned: 0, offsetMilli: 0 };
    return Promise.resolve(this.clock());
  }
}
