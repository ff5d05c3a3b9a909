// Issue 14, item 4: the checker tells the truth about referrals. A service the child fits that
// needs a GP or school referral is "likely", with the referral as its next step; a service that
// matches nothing the family said is not; "I'm not sure" cannot be ticked with a need; and a full
// postcode is shown as the family typed it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer, stopDemoServer } from './harness.mjs';

let server;

before(async () => { server = await startDemoServer(); });
after(async () => { await stopDemoServer(server); });

// The result page split into its "likely" and "not yet" parts.
async function result(query) {
  const r = await fetch(`${server.base}/check/result?${query}`);
  assert.equal(r.status, 200);
  const html = await r.text();
  const notYet = html.indexOf('Services your child may not be able to get yet');
  const nextSteps = html.indexOf('What to do next');
  return {
    html,
    likely: html.slice(html.indexOf('Services your child is likely'), notYet >= 0 ? notYet : nextSteps),
  };
}

// The card of the named service in a part of the page: from its item to the next item.
function card(part, name) {
  const at = part.indexOf(`>${name}</a>`);
  if (at < 0) return null;
  const next = part.indexOf('lo-service-list__item', at);
  return part.slice(part.lastIndexOf('lo-service-list__item', at), next >= 0 ? next : undefined);
}

test('a service needing a GP or school referral is likely, with the referral as its next step', async () => {
  const { likely } = await result('age=4&need=speech-language-communication&place=OX26&ehc=no');
  const speech = card(likely, 'Children&apos;s Speech and Language Therapy (Oxfordshire)');
  assert.ok(speech, 'speech and language therapy is among the likely services');
  assert.match(speech, /<strong>Next step:<\/strong> Needs a referral from your GP, nursery or school<\/p>/);
  assert.doesNotMatch(speech, /Why not yet/);
});

test('a service that matches nothing the family said is not likely', async () => {
  const { html } = await result('age=4&need=speech-language-communication&place=OX26&ehc=no');
  // The Patient Advice and Liaison Service (complaints) lists no needs at all.
  assert.doesNotMatch(html, /Patient Advice and Liaison Service/);
  // A family not sure of the needs still sees it.
  const { likely } = await result('age=4&need=not-sure&place=OX26&ehc=no');
  assert.match(likely, /Patient Advice and Liaison Service/);
});

test("'I'm not sure' cannot be ticked together with a need", async () => {
  const r = await fetch(`${server.base}/check/needs?age=4&need=autism&need=not-sure&answer=1`);
  assert.equal(r.status, 400);
  const html = await r.text();
  assert.match(html, /<a href="#need">Select your child&apos;s needs, or select ‘I&apos;m not sure’, not both<\/a>/);
  // Going straight to the result with both sends the family back to the question.
  const jump = await fetch(`${server.base}/check/result?age=4&need=autism&need=not-sure&place=OX26&ehc=no`,
    { redirect: 'manual' });
  assert.equal(jump.status, 303);
  assert.match(jump.headers.get('location'), /^\/check\/needs\?.*answer=1/);
});

test('a full postcode is used as typed, even when only its district is known', async () => {
  const { html } = await result('age=4&need=speech-language-communication&place=ox26+9zz&ehc=no');
  assert.match(html, /living in OX26 9ZZ, EHC plan/);
  assert.match(html, /Covers OX26 9ZZ \(Oxfordshire\)/);
  const answers = await (await fetch(`${server.base}/check/answers?age=4&need=autism&place=ox26+9zz&ehc=no`)).text();
  assert.match(answers, /OX26 9ZZ/);
});
