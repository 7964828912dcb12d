// The request state machine alone (status-go protocol/contact.go semantics).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  acceptRequest,
  dismissRequest,
  isMutual,
  NO_REQUEST,
  propagatedStateReceived,
  requestAccepted,
  requestReceived,
  requestRetracted,
  requestSent,
  retractRequest,
  ContactRequestState as S,
} from '../../../main/app/contacts/request-state.ts';

describe('contact request state machine', () => {
  test('sent + accepted is mutual; received + accepted is mutual', () => {
    const a = requestAccepted(requestSent(NO_REQUEST, 10).state, 20);
    assert.ok(a.processed && isMutual(a.state));
    const b = requestReceived(NO_REQUEST, 10);
    assert.ok(b.newRequest);
    assert.ok(isMutual(acceptRequest(b.state, 20).state));
  });

  test('clocks: older or equal transitions are ignored, on each side independently', () => {
    const s = requestSent(NO_REQUEST, 10).state;
    assert.equal(requestSent(s, 10).processed, false);
    assert.equal(dismissRequest(s, 5).processed, false);
    const r = requestReceived(s, 7);
    assert.ok(r.processed);
    assert.equal(requestReceived(r.state, 7).processed, false);
    assert.equal(requestReceived(r.state, 8).newRequest, false, 'a repeated request is not new');
  });

  test('their retraction resets both sides unless we dismissed them', () => {
    const mutual = acceptRequest(requestReceived(NO_REQUEST, 10).state, 20).state;
    const r = requestRetracted(mutual, 30).state;
    assert.deepEqual(r, { localState: S.None, localClock: 30, remoteState: S.None, remoteClock: 30 });
    const dismissed = dismissRequest(requestReceived(NO_REQUEST, 10).state, 20).state;
    const d = requestRetracted(dismissed, 30).state;
    assert.equal(d.localState, S.Dismissed);
    assert.equal(d.remoteState, S.None);
    // A decision of ours newer than their retraction stands.
    assert.equal(requestRetracted(requestSent(NO_REQUEST, 50).state, 30).state.localState, S.Sent);
  });

  test('our retraction is symmetric', () => {
    const mutual = acceptRequest(requestReceived(NO_REQUEST, 10).state, 20).state;
    assert.deepEqual(retractRequest(mutual, 25).state, {
      localState: S.None,
      localClock: 25,
      remoteState: S.None,
      remoteClock: 25,
    });
  });

  test('propagated state: their "sent" is a request, their stale view asks for a send-back', () => {
    const t = propagatedStateReceived(NO_REQUEST, {
      localState: S.Sent,
      localClock: 10,
      remoteState: 0,
      remoteClock: 0,
    });
    assert.ok(t.newRequest && t.state.remoteState === S.Received);
    const ours = requestSent(NO_REQUEST, 50).state;
    const stale = propagatedStateReceived(ours, {
      localState: S.None,
      localClock: 0,
      remoteState: S.None,
      remoteClock: 0,
    });
    assert.ok(stale.sendBack);
    assert.equal(stale.state.localState, S.Sent);
  });

  test('propagated state: a newer "none" for our side is an implicit retraction', () => {
    const mutual = acceptRequest(requestReceived(NO_REQUEST, 10).state, 20).state;
    const t = propagatedStateReceived(mutual, {
      localState: S.None,
      localClock: 30,
      remoteState: S.None,
      remoteClock: 30,
    });
    assert.equal(t.state.localState, S.None);
    assert.equal(t.state.remoteState, S.None);
    assert.equal(isMutual(t.state), false);
  });
});
