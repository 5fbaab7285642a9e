import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AuthSession } from '../../core/auth/auth-session';
import { type Capability, groupsWith, hasCapability } from '../../core/auth/permissions';

interface CapabilityCard {
  readonly capability: Capability;
  readonly title: string;
  readonly link: string;
  readonly allowedText: string;
  readonly deniedText: string;
}

const CARDS: readonly CapabilityCard[] = [
  {
    capability: 'chat',
    title: 'Chat with Bedrock models',
    link: '/chat',
    allowedText: 'Multi-turn chat with streamed answers.',
    deniedText: 'You can see which models exist but cannot chat with them.',
  },
  {
    capability: 'invokeSageMaker',
    title: 'SageMaker inference',
    link: '/inference',
    allowedText: 'Send JSON to an endpoint and follow async jobs.',
    deniedText: 'You can see the endpoints but cannot invoke them.',
  },
  {
    capability: 'administer',
    title: 'Model catalog (administrators)',
    link: '/admin/models',
    allowedText: 'Every model and endpoint, its limits and who may use it.',
    deniedText: 'The admin pages are for administrators.',
  },
];

/** Landing page: what the signed-in user's role may and may not do. */
@Component({
  selector: 'app-home',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Welcome to ML Gateway</h1>
    <p>Governed access to Amazon Bedrock foundation models and Amazon SageMaker endpoints.</p>
    @if (deniedCard(); as card) {
      <p class="error" role="alert">
        Your role may not open “{{ card.title }}”. {{ card.deniedText }}
      </p>
    }
    <ul class="cards">
      @for (card of cards(); track card.capability) {
        <li class="card">
          <h2>
            @if (card.allowed) {
              <a [routerLink]="card.link">{{ card.title }}</a>
            } @else {
              {{ card.title }}
            }
          </h2>
          @if (card.allowed) {
            <p>{{ card.allowedText }}</p>
          } @else {
            <p class="not-allowed">
              <strong>Not available to your role.</strong> {{ card.deniedText }} Members of
              {{ card.grantedTo }} may; ask an administrator if you need access.
            </p>
            @if (card.capability !== 'administer') {
              <a [routerLink]="card.link"
                >Browse {{ card.link === '/chat' ? 'models' : 'endpoints' }}</a
              >
            }
          }
        </li>
      }
    </ul>
  `,
  styles: `
    .cards {
      list-style: none;
      padding: 0;
      display: grid;
      gap: 1rem;
      grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
    }
    .card h2 {
      font-size: 1.125rem;
      margin-top: 0;
    }
  `,
})
export class Home {
  private readonly auth = inject(AuthSession);
  /** A capability the user was just refused (query parameter set by the capability guard). */
  readonly denied = input<string>();

  protected readonly cards = computed(() =>
    CARDS.map((card) => ({
      ...card,
      allowed: hasCapability(this.auth.groups(), card.capability),
      grantedTo: groupsWith(card.capability).join(' or '),
    })),
  );
  protected readonly deniedCard = computed(() =>
    CARDS.find((card) => card.capability === this.denied()),
  );
}
