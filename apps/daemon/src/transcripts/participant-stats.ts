import { countWords } from '@steno/models';
import type { ParsedCue } from './parsed-transcript.js';

/** What one speaker did in a transcript, as stored on a Participant. */
export interface ParticipantStats {
  name: string;
  /** The label as written in the file. */
  speakerId: string;
  /** Seconds: the sum of the speaker's cue durations. */
  speakingTime: number;
  wordCount: number;
  /** Sentences ending in `?`. */
  questionsAsked: number;
}

const QUESTION = /\?[?!]*(?=["'\u201d\u2019)\]]*(?:\s|$))/gu;

/** Counts sentences that end in a question mark. */
export function countQuestions(text: string): number {
  return text.match(QUESTION)?.length ?? 0;
}

/**
 * One entry per distinct speaker label, in order of first appearance.
 * Cues without a speaker belong to no participant. Overlapping cues
 * (crosstalk) each count in full, so speaking times may add up to more
 * than the session lasted.
 */
export function computeParticipants(
  cues: readonly ParsedCue[],
): ParticipantStats[] {
  const bySpeaker = new Map<string, ParticipantStats & { ms: number }>();
  for (const cue of cues) {
    if (cue.speaker === null) continue;
    let stats = bySpeaker.get(cue.speaker);
    if (!stats) {
      stats = blankStats(cue.speaker);
      bySpeaker.set(cue.speaker, stats);
    }
    stats.ms += cue.endMs - cue.startMs;
    stats.wordCount += countWords(cue.text);
    stats.questionsAsked += countQuestions(cue.text);
  }
  return [...bySpeaker.values()].map(({ ms, ...stats }) => ({
    ...stats,
    speakingTime: ms / 1000,
  }));
}

function blankStats(label: string): ParticipantStats & { ms: number } {
  return {
    name: label,
    speakerId: label,
    speakingTime: 0,
    wordCount: 0,
    questionsAsked: 0,
    ms: 0,
  };
}
