import type { Listing } from '../../engine/source/listing';
import {
  logBuffers,
  packedLog,
  PackedStep,
  registerLog,
  StepLog,
  type LogExport,
} from '../../engine/trace/stepLog';
import type { KeyMoment, MachineState, Outcome, Step, Trace } from '../../engine/trace/types';
import type { Config } from '../../engine/scenario/config';
import type { Layout } from '../../engine/scenario/layout';
import { unmodelledBackground, World } from '../../engine/trace/world';
import type { TimelineEntry } from '../../engine/util/versionedMap';
import { rememberFingerprint, traceFingerprint } from '../../url/fingerprint';
import { adoptOutcomeFault, outcomeFault, type FaultWords } from '../model/faultWords';
import { adoptTimelineBands, timelineBands, type TimelineBand } from '../model/timelineBands';
import { adoptMemoryEpochs, memoryEpochs } from '../../engine/trace/memoryEpochs';
import { adoptStepOccurrences, stepOccurrences } from '../../engine/trace/stepIdentity';

/*
 * Moves a finished trace from the simulation worker to the page in parts. One structured-clone
 * message is decoded by the page in one task; parts keep each such task short (the page never
 * freezes while a big trace arrives) and let the page show how far the transfer is.
 * Objects shared between steps stay shared inside a part; only the first step of a part
 * repeats what it shares with the part before.
 */

const STEPS_PER_PART = 4000;
const TIMELINES_PER_PART = 2000;
const VIEWS_PER_PART = 15_000;

type MapName = 'poc' | 'dirty' | 'pageCount' | 'owners';

export type TracePart =
  | {
      readonly kind: 'head';
      readonly config: Config;
      readonly layout: Layout;
      readonly initial: MachineState;
      readonly outcome: Outcome;
      readonly moments: readonly KeyMoment[];
      readonly listings: ReadonlyMap<string, Listing> | null;
      readonly codeAt: ReadonlyMap<number, { listing: string; line: number }>;
      readonly stepCount: number;
      /** Hashing every step's title takes a third of a second on stress: done in the worker. */
      readonly fingerprint: string;
    }
  | { readonly kind: 'steps'; readonly steps: readonly Step[] }
  /** Every step's occurrence count for its stable key (stepIdentity), made in the worker. */
  | {
      readonly kind: 'identity';
      readonly occurrence: Uint32Array<ArrayBuffer>;
      /** Memory's epochs (memoryEpochs): which steps see the same memory. */
      readonly epochs: Uint32Array<ArrayBuffer>;
      /** The timeline's bands and the outcome's syndrome: each reads every step. */
      readonly bands: readonly TimelineBand[];
      readonly fault: FaultWords | null;
    }
  /** Memory's line data, one typed array (transferred). Comes before the memory's maps. */
  | { readonly kind: 'lines'; readonly words: Uint32Array<ArrayBuffer> }
  /** A packed trace's steps: a few typed arrays (transferred, not copied) and the bases. */
  | { readonly kind: 'log'; readonly log: LogExport }
  /** Make the next `count` steps of the log (a few per task, so no task is long). */
  | { readonly kind: 'views'; readonly count: number }
  | {
      readonly kind: 'map';
      readonly map: MapName;
      readonly entries: readonly (readonly [unknown, TimelineEntry<unknown>])[];
    };

function mapOf(world: World, name: MapName) {
  switch (name) {
    case 'poc':
      return world.memory.poc;
    case 'dirty':
      return world.memory.dirty;
    case 'pageCount':
      return world.pageCount;
    case 'owners':
      return world.owners;
  }
}

/** What a part moves by transfer rather than copy: the log's typed arrays. */
export function transferables(part: TracePart): Transferable[] {
  if (part.kind === 'lines') return [part.words.buffer];
  if (part.kind === 'identity') return [part.occurrence.buffer, part.epochs.buffer];
  if (part.kind !== 'log') return [];
  return logBuffers(part.log);
}

/** The parts of a trace, in the order TraceAssembler takes them. */
export function* traceParts(trace: Trace): Generator<TracePart> {
  const listings = (trace as { listings?: ReadonlyMap<string, Listing> }).listings ?? null;
  yield {
    kind: 'head',
    config: trace.config,
    layout: trace.layout,
    initial: trace.initial,
    outcome: trace.outcome,
    moments: trace.moments,
    listings,
    codeAt: trace.world.codeAt,
    stepCount: trace.steps.length,
    fingerprint: traceFingerprint(trace),
  };
  const log = packedLog(trace.steps);
  if (log) {
    yield { kind: 'log', log: log.exportLog() };
    for (let i = 0; i < trace.steps.length; i += VIEWS_PER_PART)
      yield { kind: 'views', count: Math.min(VIEWS_PER_PART, trace.steps.length - i) };
  } else
    for (let i = 0; i < trace.steps.length; i += STEPS_PER_PART)
      yield { kind: 'steps', steps: trace.steps.slice(i, i + STEPS_PER_PART) };
  // a copy: the worker's trace keeps its own (transferring detaches the buffer sent)
  yield {
    kind: 'identity',
    occurrence: new Uint32Array(stepOccurrences(trace)),
    epochs: new Uint32Array(memoryEpochs(trace)),
    bands: timelineBands(trace),
    fault: outcomeFault(trace),
  };
  yield { kind: 'lines', words: trace.world.memory.lines.exportWords() };
  for (const map of ['poc', 'dirty', 'pageCount', 'owners'] as const) {
    let batch: (readonly [unknown, TimelineEntry<unknown>])[] = [];
    for (const entry of mapOf(trace.world, map).timelineEntries()) {
      batch.push(entry);
      if (batch.length === TIMELINES_PER_PART) {
        yield { kind: 'map', map, entries: batch };
        batch = [];
      }
    }
    if (batch.length) yield { kind: 'map', map, entries: batch };
  }
}

/** Rebuilds a trace from its parts on the page. */
export class TraceAssembler {
  private head: Extract<TracePart, { kind: 'head' }> | null = null;
  private readonly steps: Step[] = [];
  private readonly world = new World();
  private log: StepLog | null = null;
  private identity: Extract<TracePart, { kind: 'identity' }> | null = null;

  /** Steps received so far, and how many the trace has (0 before the head). */
  get received(): { steps: number; of: number } {
    return { steps: this.steps.length, of: this.head?.stepCount ?? 0 };
  }

  add(part: TracePart): void {
    if (part.kind === 'head') this.head = part;
    else if (part.kind === 'steps') for (const s of part.steps) this.steps.push(s);
    else if (part.kind === 'lines') this.world.memory.lines.adopt(part.words);
    else if (part.kind === 'identity') this.identity = part;
    else if (part.kind === 'log') {
      this.log = StepLog.fromExport(part.log);
      registerLog(this.steps, this.log);
    } else if (part.kind === 'views') {
      const log = this.log;
      if (!log) throw new Error('trace transfer sent steps before their log');
      const end = this.steps.length + part.count;
      for (let i = this.steps.length + 1; i <= end; i++) this.steps.push(new PackedStep(log, i));
    } else mapOf(this.world, part.map).restoreTimelines(part.entries as never);
  }

  finish(): Trace {
    const h = this.head;
    if (!h) throw new Error('trace transfer ended before its head');
    if (this.steps.length !== h.stepCount)
      throw new Error(`trace transfer got ${this.steps.length} of ${h.stepCount} steps`);
    for (const [k, v] of h.codeAt) this.world.codeAt.set(k, v);
    // a function does not survive structured cloning: rebuilt from the layout, as simulate does
    this.world.memory.background = unmodelledBackground(h.layout);
    const trace: Trace & { listings?: ReadonlyMap<string, Listing> } = {
      config: h.config,
      layout: h.layout,
      world: this.world,
      initial: h.initial,
      steps: this.steps,
      outcome: h.outcome,
      moments: h.moments,
    };
    if (h.listings) trace.listings = h.listings;
    rememberFingerprint(trace, h.fingerprint);
    if (this.identity) {
      adoptStepOccurrences(trace, this.identity.occurrence);
      adoptMemoryEpochs(trace, this.identity.epochs);
      adoptTimelineBands(trace, this.identity.bands);
      adoptOutcomeFault(trace, this.identity.fault);
    }
    return trace;
  }
}
