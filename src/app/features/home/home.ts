import { Component, computed, inject, input } from '@angular/core';
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

/** Between group names: "Administrators or MLUsers". */
const OR = $localize`:Joins group names in a list of alternatives@@list.or: or `;

const CARDS: readonly CapabilityCard[] = [
  {
    capability: 'chat',
    title: $localize`:Home card title@@home.chat.title:Chat with Bedrock models`,
    link: '/chat',
    allowedText: $localize`:Home card text@@home.chat.allowed:Multi-turn chat with streamed answers.`,
    deniedText: $localize`:Home card text for users who may not chat@@home.chat.denied:You can see which models exist but cannot chat with them.`,
  },
  {
    capability: 'invokeSageMaker',
    title: $localize`:Home card title@@home.sagemaker.title:SageMaker inference`,
    link: '/inference',
    allowedText: $localize`:Home card text@@home.sagemaker.allowed:Send JSON to an endpoint and follow async jobs.`,
    deniedText: $localize`:Home card text for users who may not invoke@@home.sagemaker.denied:You can see the endpoints but cannot invoke them.`,
  },
  {
    capability: 'administer',
    title: $localize`:Home card title@@home.admin.title:Model catalog (administrators)`,
    link: '/admin/models',
    allowedText: $localize`:Home card text@@home.admin.allowed:Every model and endpoint, its limits and who may use it.`,
    deniedText: $localize`:Home card text for non-administrators@@home.admin.denied:The admin pages are for administrators.`,
  },
];

/** Landing page: what the signed-in user's role may and may not do. */
@Component({
  selector: 'app-home',
  imports: [RouterLink],
  templateUrl: './home.html',
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
      grantedTo: groupsWith(card.capability).join(OR),
    })),
  );
  protected readonly deniedCard = computed(() =>
    CARDS.find((card) => card.capability === this.denied()),
  );
}
