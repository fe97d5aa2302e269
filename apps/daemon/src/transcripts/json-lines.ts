/** The 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let index = 0; index < end; index++) {
    if (text.charCodeAt(index) === 10) line++;
  }
  return line;
}

/** The line a JSON.parse error points at, from its "position N". */
export function lineOfSyntaxError(text: string, error: Error): number {
  const position = /position (\d+)/u.exec(error.message)?.[1];
  if (position !== undefined) return lineAt(text, Number(position));
  return lineAt(text, text.length);
}

/**
 * The line each object of the top-level `segments` array starts on, so
 * that a bad segment can be reported where it is. JSON.parse keeps no
 * positions, hence this small scanner over strings and brackets.
 */
export function segmentLines(text: string): number[] {
  const starts: number[] = [];
  const state = { line: 1, depth: 0, key: '', last: '', inSegments: false };
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '\n') state.line++;
    else if (char === '"') index = skipString(text, index, state);
    else if (char === ':' && state.depth === 1) state.key = state.last;
    else if (char === '{' || char === '[') {
      if (state.depth === 2 && state.inSegments) starts.push(state.line);
      if (state.depth === 1 && char === '[' && state.key === 'segments') {
        state.inSegments = true;
      }
      state.depth++;
    } else if (char === '}' || char === ']') {
      state.depth--;
      if (state.depth <= 1) state.inSegments = false;
    }
  }
  return starts;
}

/** Skips a string literal from its opening quote; returns its end. */
function skipString(
  text: string,
  open: number,
  state: { line: number; last: string },
): number {
  for (let index = open + 1; index < text.length; index++) {
    const char = text[index];
    if (char === '\\') index++;
    else if (char === '\n') state.line++;
    else if (char === '"') {
      state.last = text.slice(open + 1, index);
      return index;
    }
  }
  return text.length;
}
