// A bounded list of problems: a hostile link or message can hold a million mistakes,
// but a learner reads a few lines. The first `max` are kept in words, the rest counted.
import { formatCount } from './numbers.js';

export function createProblems(max = 4) {
  const named = [];
  let more = 0;
  return {
    add(text) {
      if (named.length < max) named.push(typeof text === 'function' ? text() : text);
      else more++;
    },
    /** Adds `n` problems that need no words of their own (counted only). */
    count(n) { more += n; },
    get total() { return named.length + more; },
    list() {
      return more ? [...named, `…and ${formatCount(more)} more ${more === 1 ? 'problem' : 'problems'}.`] : [...named];
    },
  };
}
