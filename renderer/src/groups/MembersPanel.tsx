import { type FormEvent, useRef, useState } from 'react';
import {
  type ContactView,
  GROUP_COLORS,
  type GroupView,
  MAX_GROUP_IMAGE_BYTES,
  MAX_GROUP_MEMBERS,
} from '../../../shared/api.ts';
import { prepareImage, scaleOnCanvas, toBase64 } from '../chats/image-prepare.ts';
import { ImageFileInput } from '../components/ImageFileInput.tsx';
import { Modal } from '../components/Modal.tsx';
import { useAction } from '../components/use-action.ts';
import type { CoreClient } from '../core/connection.ts';
import { Avatar } from '../identity/Avatar.tsx';
import { ContactPicker, groupNameProblem } from './NewGroupDialog.tsx';
import { memberName } from './use-group.ts';

type Mode = 'none' | 'rename' | 'add' | 'colour' | 'leave';

/**
 * A group's members as a side panel (non-modal dialog): avatar, name, Admin, (you), invited.
 * Admins rename, add, remove and make admins; every member may change the colour and the picture,
 * and leave (after a confirmation). Esc closes.
 */
export function MembersPanel({
  client,
  group,
  contacts,
  onChanged,
  onClose,
}: {
  client: CoreClient;
  group: GroupView;
  contacts: readonly ContactView[];
  /** The group as an action answered it. */
  onChanged: (group: GroupView) => void;
  onClose: () => void;
}) {
  const [mode, setMode] = useState<Mode>('none');
  const [name, setName] = useState(group.name);
  const [adding, setAdding] = useState<string[]>([]);
  const close = useRef<HTMLButtonElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const act = useAction(async (work: () => Promise<GroupView>) => {
    const view = await work();
    onChanged(view);
    setMode('none');
    return view;
  });
  const chatId = group.chatId;
  const canAct = group.admin && group.active;
  // status-go lets any member change the colour and the picture, not only admins.
  const canStyle = group.active && !group.invitation;
  const colour = group.color.toLowerCase();
  const inGroup = new Set(group.members.map((m) => m.publicKey));
  const addable = contacts.filter((c) => c.state === 'mutual' && !inGroup.has(c.publicKey));
  const room = Math.max(0, MAX_GROUP_MEMBERS - group.members.length);
  const nameProblem = groupNameProblem(name);

  const rename = (event: FormEvent) => {
    event.preventDefault();
    if (nameProblem) return;
    void act.run(() => client.call('groups.rename', { chatId, name: name.trim() }));
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (adding.length === 0) return;
    void act
      .run(() => client.call('groups.addMembers', { chatId, members: adding }))
      .then((view) => {
        if (view) setAdding([]);
      });
  };

  const setColour = (color: string) => void act.run(() => client.call('groups.setColor', { chatId, color }));
  const setPicture = (file: File) =>
    void act.run(async () => {
      // Scaled down (re-encoded) when bigger than a group picture may be.
      const prepared = await prepareImage(file, scaleOnCanvas, MAX_GROUP_IMAGE_BYTES);
      return client.call('groups.setImage', { chatId, data: toBase64(prepared.bytes) });
    });

  return (
    <Modal
      variant="panel"
      className="pinned-panel members-panel"
      labelledBy="members-panel-title"
      initialFocus={close}
      // Esc backs out of a form or the leave confirmation first, then closes the panel.
      onClose={() => (mode !== 'none' ? setMode('none') : onClose())}
    >
      <div className="pinned-panel-head">
        <h3 id="members-panel-title">Members ({group.members.length})</h3>
        <button type="button" className="small" ref={close} onClick={onClose} aria-label="Close members">
          Close
        </button>
      </div>
      <ul className="members-list" aria-label="Members">
        {group.members.map((member) => {
          const shown = memberName(member, contacts);
          return (
            <li key={member.publicKey} className="member-item">
              <Avatar identity={member} name={shown} size={28} />
              <span className="member-name">
                {shown}
                {member.me && <span className="muted"> (you)</span>}
                {member.admin && <span className="member-badge">Admin</span>}
                {!member.joined && <span className="member-badge invited">invited</span>}
              </span>
              {canAct && !member.me && (
                <span className="member-actions">
                  {!member.admin && (
                    <button
                      type="button"
                      className="small"
                      disabled={act.busy}
                      aria-label={`Make ${shown} admin`}
                      onClick={() =>
                        void act.run(() => client.call('groups.makeAdmin', { chatId, member: member.publicKey }))
                      }
                    >
                      Make admin
                    </button>
                  )}
                  <button
                    type="button"
                    className="small"
                    disabled={act.busy}
                    aria-label={`Remove ${shown}`}
                    onClick={() =>
                      void act.run(() => client.call('groups.removeMember', { chatId, member: member.publicKey }))
                    }
                  >
                    Remove
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {(canAct || canStyle) && (
        <div className="members-tools">
          {canAct && (
            <>
              <button
                type="button"
                className="small"
                aria-expanded={mode === 'rename'}
                onClick={() => setMode(mode === 'rename' ? 'none' : 'rename')}
              >
                Rename group
              </button>
              <button
                type="button"
                className="small"
                aria-expanded={mode === 'add'}
                disabled={room === 0}
                onClick={() => setMode(mode === 'add' ? 'none' : 'add')}
              >
                Add members
              </button>
            </>
          )}
          {canStyle && (
            <>
              <button
                type="button"
                className="small"
                aria-expanded={mode === 'colour'}
                onClick={() => setMode(mode === 'colour' ? 'none' : 'colour')}
              >
                Change colour
              </button>
              <ImageFileInput inputRef={picker} label="Group picture file" onFile={setPicture} />
              <button type="button" className="small" disabled={act.busy} onClick={() => picker.current?.click()}>
                Change picture
              </button>
            </>
          )}
        </div>
      )}
      {canStyle && mode === 'colour' && (
        <fieldset className="members-form colour-swatches">
          <legend className="visually-hidden">Group colour</legend>
          {GROUP_COLORS.map((color) => (
            <button
              key={color}
              type="button"
              className="colour-swatch"
              style={{ background: color }}
              aria-label={`Colour ${color}`}
              aria-pressed={color === colour}
              title={color}
              disabled={act.busy}
              // The current one stays: no update goes out for it.
              onClick={() => (color === colour ? setMode('none') : setColour(color))}
            />
          ))}
        </fieldset>
      )}
      {canAct && mode === 'rename' && (
        <form className="members-form" aria-label="Rename group" onSubmit={rename}>
          <label className="field">
            <span>New name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} aria-invalid={nameProblem !== null} />
          </label>
          {nameProblem && <p className="field-error">{nameProblem}</p>}
          <button type="submit" className="small" disabled={act.busy || nameProblem !== null}>
            Save name
          </button>
        </form>
      )}
      {canAct && mode === 'add' && (
        <form className="members-form" aria-label="Add members" onSubmit={add}>
          <ContactPicker contacts={addable} picked={adding} onChange={setAdding} max={room} />
          <button type="submit" className="small" disabled={act.busy || adding.length === 0}>
            Add {adding.length > 0 ? adding.length : ''}
          </button>
        </form>
      )}
      {group.active && (
        <div className="members-leave">
          {mode === 'leave' ? (
            <div role="alertdialog" aria-labelledby="leave-confirm-text" className="confirm">
              <p id="leave-confirm-text" className="leave-confirm-text">
                Leave “{group.name}”? You will no longer get its messages; its history stays on this device.
              </p>
              <button
                type="button"
                className="small danger"
                disabled={act.busy}
                onClick={() => void act.run(() => client.call('groups.leave', { chatId }))}
              >
                Leave
              </button>
              <button type="button" className="small" onClick={() => setMode('none')}>
                Cancel
              </button>
            </div>
          ) : (
            <button type="button" className="small danger" onClick={() => setMode('leave')}>
              Leave group
            </button>
          )}
        </div>
      )}
      {act.error && <p role="alert">{act.error}</p>}
    </Modal>
  );
}
