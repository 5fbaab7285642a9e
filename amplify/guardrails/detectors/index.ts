import { awsAccessKeyDetector, awsSecretKeyDetector } from './aws-keys.ts';
import { cardDetector } from './card.ts';
import type { Detector, DetectorType } from './detector.ts';
import { emailDetector } from './email.ts';
import { ibanDetector } from './iban.ts';
import { phoneDetector } from './phone.ts';
import { privateKeyDetector } from './private-key.ts';
import { secretDetector } from './secret.ts';

export { type Detector, DETECTOR_TYPES, type DetectorType, type Finding } from './detector.ts';

/** Every detector, by type. */
export const DETECTORS: Readonly<Record<DetectorType, Detector>> = {
  email: emailDetector,
  phone: phoneDetector,
  card: cardDetector,
  iban: ibanDetector,
  awsAccessKey: awsAccessKeyDetector,
  awsSecretKey: awsSecretKeyDetector,
  privateKey: privateKeyDetector,
  secret: secretDetector,
};
