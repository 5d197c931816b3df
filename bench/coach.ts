// The reply coach's review on the server: a 2,000-character draft built from agent replies, with a
// conversation's context, beside one regex pass over the same drafts (the machine's bare floor).
import { review } from '@rapport/coach';
import { latencyOf } from './lib/measure.ts';
import type { ResultRow } from './lib/report.ts';
import type { BenchText } from './lib/text.ts';

const DRAFT_LENGTH = 2_000;
const TARGET_P99_MS = 1;

function drafts(text: BenchText, count: number): string[] {
  const replies = text.outbound.filter((reply) => reply.length > 20);
  const out: string[] = [];
  let at = 0;
  for (let i = 0; i < count && replies.length > 0; i++) {
    let draft = 'Hi Maya,\n\n';
    while (draft.length < DRAFT_LENGTH) draft += `${replies[at++ % replies.length]} `;
    out.push(draft.slice(0, DRAFT_LENGTH));
  }
  return out;
}

function timeAll(inputs: string[], rounds: number, work: (input: string) => unknown): number[] {
  for (const input of inputs.slice(0, 50)) work(input);
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const input of inputs) {
      const start = performance.now();
      work(input);
      samples.push(performance.now() - start);
    }
  }
  return samples;
}

export function coachRows(text: BenchText, quick: boolean): ResultRow[] {
  const inputs = drafts(text, 200);
  const rounds = quick ? 5 : 20;
  const context = {
    customerName: 'Maya Lopez',
    timeZone: 'Europe/Madrid',
    recentCustomerMessages: text.inbound.slice(0, 5),
    previousAgentReplies: text.outbound.slice(0, 10),
  };
  const wordPass = /[\p{L}\p{N}']+/gu;
  const bare = latencyOf(
    timeAll(inputs, rounds, (draft) => {
      let words = 0;
      for (const _ of draft.matchAll(wordPass)) words++;
      return words;
    }),
  );
  const coach = latencyOf(timeAll(inputs, rounds, (draft) => review(draft, { ...context, now: new Date() })));
  const ms = (n: number) => `${n.toFixed(3)} ms`;
  console.log(`  coach review p50 ${ms(coach.p50)}, p99 ${ms(coach.p99)}; one regex pass p99 ${ms(bare.p99)}`);
  return [
    {
      section: 'Reply coach',
      scenario: `review() of a ${DRAFT_LENGTH.toLocaleString('en-US')}-character draft with conversation context (in-process)`,
      result: `p50 ${ms(coach.p50)}, p99 ${ms(coach.p99)} over ${coach.samples.toLocaleString('en-US')} reviews`,
      numbers: { p50: coach.p50, p99: coach.p99, bareP99: bare.p99 },
      limit: `one regex word pass over the same draft: p99 ${ms(bare.p99)}`,
      ratio: coach.p99 / Math.max(bare.p99, 0.001),
      target: `p99 ≤ ${TARGET_P99_MS} ms`,
      met: coach.p99 <= TARGET_P99_MS,
    },
  ];
}
