import { formatClock } from './format-duration.js';
import { lastCueEndMs } from './parsed-transcript.js';
import type { ExportCue, ExportTranscript } from './transcript-writers.js';

const TURN_MS = 60_000;

/**
 * Writes a Markdown page for reading: the title, when it was, and one
 * paragraph per turn (consecutive cues of the same speaker), each
 * stamped with its start. Markdown is for people; it is not imported.
 */
export function writeMarkdown(transcript: ExportTranscript): string {
  const lastEndMs = lastCueEndMs(transcript.cues);
  const lines = [
    `# ${transcript.title}`,
    '',
    `Started ${transcript.startTime.toISOString()}, ` +
      `lasted ${formatClock(lastEndMs / 1000)}.`,
  ];
  for (const turn of groupTurns(transcript.cues)) {
    const first = turn[0] as ExportCue;
    const stamp = `[${formatClock(first.startMs / 1000)}]`;
    const who = first.speaker ? `**${first.speaker}** ${stamp}` : stamp;
    const text = turn
      .map((cue) => cue.text.replace(/\s*\n\s*/gu, ' '))
      .filter((text) => text !== '')
      .join(' ');
    lines.push('', who, '', text);
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** A turn ends when the speaker changes or after a minute of speech. */
function groupTurns(cues: readonly ExportCue[]): ExportCue[][] {
  const turns: ExportCue[][] = [];
  for (const cue of cues) {
    const turn = turns.at(-1);
    const first = turn?.[0];
    const continues =
      first !== undefined &&
      first.speaker === cue.speaker &&
      cue.startMs - first.startMs < TURN_MS;
    if (continues) turn?.push(cue);
    else turns.push([cue]);
  }
  return turns;
}
