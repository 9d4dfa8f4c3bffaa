import type { Rule } from '../speaker-model.ts';
import { after } from './rules/after.ts';
import { afterSentence } from './rules/after-sentence.ts';
import { before, lastCueBefore } from './rules/before.ts';
import { colon } from './rules/colon.ts';
import { firstBefore, nearestAfter, nearestBefore } from './rules/nearest.ts';
import { previousSentence } from './rules/previous-sentence.ts';
import { relative } from './rules/relative.ts';
import { reportedBy } from './rules/reported-by.ts';
import { signature } from './rules/signature.ts';
import { subject } from './rules/subject.ts';
import { thisWasSaid } from './rules/this-was-said.ts';
import { transcript } from './rules/transcript.ts';

/**
 * The readings of the text that propose a speaker for a quote, in the order the hand-written
 * attributor tried them. Every one that applies gives a candidate; the order is kept because it is
 * a feature of the model (a candidate's place among its quote's candidates) and breaks ties. The
 * quote before it (a quote running on, `rules/continuation.ts`) adds one more candidate after these.
 */
export const RULES = [after, before, transcript, colon, afterSentence, thisWasSaid, subject, relative, nearestBefore, nearestAfter, firstBefore, signature, previousSentence, reportedBy, lastCueBefore] as const;

/** The readings that need no knowledge of the language's verbs of speech. */
export const LANGUAGE_FREE_RULES: ReadonlySet<Rule> = new Set<Rule>([transcript.name, signature.name]);
