import { ChangeDetectionStrategy, Component } from '@angular/core';

/** Landing page shown before the user opens a feature. */
@Component({
  selector: 'app-home',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Welcome to ML Gateway</h1>
    <p>Governed access to Amazon Bedrock foundation models and Amazon SageMaker endpoints.</p>
  `,
})
export class Home {}
