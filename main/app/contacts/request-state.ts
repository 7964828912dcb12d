// The mutual-contact request state machine, as status-go runs it (protocol/contact.go): each
// side keeps its own decision (local state + clock) and the other side's (remote state +
// clock). "Added" is local = Sent, "has added us" is remote = Received, mutual is both. Every
// transition carries a clock and is ignored unless newer than the one it overwrites, so
// messages may arrive late, twice or out of order. Pure functions over a value.
import { ContactRequestState } from '../../storage/messenger/contacts-repository.ts';

export { ContactRequestState };

export interface RequestState {
  localState: ContactRequestState;
  localClock: number;
  remoteState: ContactRequestState;
  remoteClock: number;
}

export interface Transition {
  state: RequestState;
  /** Something changed. */
  processed: boolean;
  /** The other side went from nothing to "requested": a new request to show. */
  newRequest: boolean;
  /** Their view of our decision is stale: send them our state (a ContactUpdate). */
  sendBack: boolean;
}

export const NO_REQUEST: RequestState = {
  localState: ContactRequestState.None,
  localClock: 0,
  remoteState: ContactRequestState.None,
  remoteClock: 0,
};

const unchanged = (state: RequestState): Transition => ({
  state,
  processed: false,
  newRequest: false,
  sendBack: false,
});

export const isAdded = (s: RequestState) => s.localState === ContactRequestState.Sent;
export const hasAddedUs = (s: RequestState) => s.remoteState === ContactRequestState.Received;
export const isMutual = (s: RequestState) => isAdded(s) && hasAddedUs(s);
export const isDismissed = (s: RequestState) => s.localState === ContactRequestState.Dismissed;

// --- our decisions -----------------------------------------------------------------------------

/** We send a request (or accept theirs: status-go treats both the same). */
export function requestSent(s: RequestState, clock: number): Transition {
  if (clock <= s.localClock) return unchanged(s);
  return { ...unchanged({ ...s, localState: ContactRequestState.Sent, localClock: clock }), processed: true };
}

export const acceptRequest = requestSent;

/** We decline: local only, their request stays recorded. */
export function dismissRequest(s: RequestState, clock: number): Transition {
  if (clock <= s.localClock) return unchanged(s);
  return { ...unchanged({ ...s, localState: ContactRequestState.Dismissed, localClock: clock }), processed: true };
}

/** We retract our request or remove the contact: symmetric, both sides go back to none. */
export function retractRequest(s: RequestState, clock: number): Transition {
  if (clock <= s.localClock) return unchanged(s);
  return {
    ...unchanged({
      localState: ContactRequestState.None,
      localClock: clock,
      remoteState: ContactRequestState.None,
      remoteClock: Math.max(clock, s.remoteClock),
    }),
    processed: true,
  };
}

/** Unblocking forgets our earlier decision (blocking dismissed it). */
export function resetLocal(s: RequestState, clock: number): Transition {
  if (clock <= s.localClock) return unchanged(s);
  return { ...unchanged({ ...s, localState: ContactRequestState.None, localClock: clock }), processed: true };
}

// --- their messages ----------------------------------------------------------------------------

function received(s: RequestState, clock: number, r: Transition): Transition {
  if (clock <= s.remoteClock) return r;
  return {
    ...r,
    state: { ...s, remoteState: ContactRequestState.Received, remoteClock: clock },
    processed: true,
    newRequest: r.newRequest || s.remoteState === ContactRequestState.None,
  };
}

function retracted(s: RequestState, clock: number, r: Transition): Transition {
  if (clock <= s.remoteClock) return r;
  // Everything before the retraction is void, on both sides, unless we dismissed them.
  // (A decision of ours newer than their retraction stands.)
  const local =
    s.localState === ContactRequestState.Dismissed || clock <= s.localClock
      ? { localState: s.localState, localClock: s.localClock }
      : { localState: ContactRequestState.None, localClock: clock };
  return {
    ...r,
    state: { ...local, remoteState: ContactRequestState.None, remoteClock: clock },
    processed: true,
  };
}

/** A CONTACT_REQUEST chat message from them. */
export function requestReceived(s: RequestState, clock: number): Transition {
  return received(s, clock, unchanged(s));
}

/** Their AcceptContactRequest: the same as a request, the intention is clear. */
export function requestAccepted(s: RequestState, clock: number): Transition {
  return received(s, clock, unchanged(s));
}

/** Their RetractContactRequest. */
export function requestRetracted(s: RequestState, clock: number): Transition {
  return retracted(s, clock, unchanged(s));
}

/**
 * A ContactRequestPropagatedState (in a ContactUpdate or a ChatMessage): their local state is
 * our remote one and their remote state is what they believe ours is.
 */
export function propagatedStateReceived(
  s: RequestState,
  theirs: { localState: number; localClock: number; remoteState: number; remoteClock: number },
): Transition {
  const expectedLocalState = theirs.remoteState;
  const expectedLocalClock = theirs.remoteClock;
  let r = unchanged(s);
  if (expectedLocalClock < s.localClock && expectedLocalState !== s.localState) {
    r = { ...r, processed: true, sendBack: true };
  }
  // A newer "none" for our side is trusted: either party may retract.
  if (
    expectedLocalClock > s.localClock &&
    s.localState !== ContactRequestState.Dismissed &&
    expectedLocalState === ContactRequestState.None
  ) {
    r = {
      ...r,
      processed: true,
      state: {
        ...r.state,
        localState: ContactRequestState.None,
        localClock: expectedLocalClock,
        // An implicit retraction of theirs too (only written when newer than what we have).
        ...(expectedLocalClock > r.state.remoteClock
          ? { remoteState: ContactRequestState.None, remoteClock: expectedLocalClock }
          : {}),
      },
    };
  }
  if (theirs.localClock > r.state.remoteClock) {
    if (theirs.localState === ContactRequestState.Sent) r = received(r.state, theirs.localClock, r);
    else if (theirs.localState === ContactRequestState.None) r = retracted(r.state, theirs.localClock, r);
  }
  return r;
}

/** What we tell them about the request states (ContactRequestPropagatedState). */
export function propagatedState(s: RequestState) {
  return {
    localClock: s.localClock,
    localState: s.localState,
    remoteClock: s.remoteClock,
    remoteState: s.remoteState,
  };
}
