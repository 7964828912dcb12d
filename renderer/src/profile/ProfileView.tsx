import type { AccountSummary } from '../../../shared/api.ts';
import type { CoreClient } from '../core/connection.ts';
import { Avatar } from '../identity/Avatar.tsx';
import { EmojiHash } from '../identity/EmojiHash.tsx';
import { QrCode } from '../identity/QrCode.tsx';
import { CopyButton } from './CopyButton.tsx';
import { DevicesSection } from './DevicesSection.tsx';
import { DisplayNameForm } from './DisplayNameForm.tsx';
import { SecuritySection } from './SecuritySection.tsx';

export function ProfileView({ client, profile }: { client: CoreClient; profile: AccountSummary }) {
  return (
    <div className="stack">
      <section className="card profile" aria-labelledby="profile-title">
        <h2 id="profile-title" className="visually-hidden">
          Profile
        </h2>
        <div className="profile-head">
          <Avatar identity={profile} name={profile.displayName} size={88} />
          <div>
            <p className="profile-name" data-testid="profile-name">
              {profile.displayName}
            </p>
            <p className="muted" data-testid="profile-alias">
              {profile.alias}
            </p>
            <EmojiHash emojis={profile.emojiHash} />
          </div>
        </div>
        <div className="chat-key">
          <QrCode text={profile.chatKey} label="QR code of your chat key" />
          <div>
            <h3>Chat key</h3>
            <p className="mono" data-testid="chat-key">
              {profile.chatKey}
            </p>
            <CopyButton text={profile.chatKey} label="Copy chat key" />
            <p className="hint">Share it so people can add you. They will see the same emoji hash and colour ring.</p>
          </div>
        </div>
        <DisplayNameForm key={profile.displayName} client={client} current={profile.displayName} />
      </section>
      <SecuritySection client={client} account={profile} />
      <DevicesSection client={client} />
    </div>
  );
}
