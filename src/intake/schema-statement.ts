/**
 * What the declaration and the hearing lists need beyond the chronology: the sections of the
 * applicant's statement in the applicant's own words, and the witnesses for the hearing.
 *
 * Three sections of the declaration answer a question of Form I-589 and are written once, in the
 * question's explanation, so the two cannot disagree: fear of return (questions.fearOfHarm,
 * Part B.1.B), torture (questions.fearOfTorture, B.4), and the route through other countries
 * (questions.thirdCountries, C.2.A). Why the applicant was targeted (statement.nexus) is the
 * "why" of Part B.1.A and goes on the form with that question's explanation.
 */
import { z } from 'zod';
import { bool, expect, list, obj, oneOf, text } from './schema-kit.js';

const section = (description: string) =>
  obj(
    {
      text: text('In the first person, in full sentences; a blank line starts a new numbered paragraph'),
      evidence: list(text('Id of an exhibit in evidence[]'), 'Exhibits that support this section; the declaration cites their tabs').nullish(),
    },
    description,
  );

export const statementSchema = obj(
  {
    background: section('More about the applicant\'s life before the harm: work, family, community (Background)').nullish(),
    nexus: section('Why the persecutors targeted the applicant: the link to the protected grounds (the "why" of Form I-589 Part B.1.A)').nullish(),
    stateProtection: section('Whether the applicant asked the authorities for protection (a police report, for one), and what they did').nullish(),
    departure: section('When and how the applicant left the country; the route through other countries is questions.thirdCountries').nullish(),
    arrival: section('The arrival in the United States, beyond the facts of applicant.arrivals').nullish(),
    relocation: section('Why the applicant could not live safely in another part of the country').nullish(),
  },
  'The sections of the declaration beyond the chronology, each in the applicant\'s words; a section left out is left out of the declaration',
);

export const witnessSchema = obj(
  {
    name: text('Full name of the witness'),
    kind: oneOf(['respondent', 'lay', 'expert'], 'The respondent, a lay witness, or an expert witness'),
    relationship: text('For a lay witness: relationship to the respondent, e.g. "Neighbour in Comayagüela"').nullish(),
    expertise: text('For an expert witness: the field of expertise, e.g. "Clinical psychologist"').nullish(),
    language: text('Language of the testimony, e.g. "Spanish" or "English"'),
    interpreter: bool('Whether the witness needs an interpreter'),
    subject: text('What the witness will testify about'),
    minutes: expect(z.number().int().min(1).max(480).meta({ description: 'Estimated length of the testimony, in minutes, e.g. 30' }), 'a whole number of minutes from 1 to 480'),
    appearance: oneOf(['in-person', 'telephone', 'video'], 'How the witness will testify'),
    evidence: list(text('Id of an exhibit in evidence[]'), 'Exhibits the witness wrote or will speak to, e.g. an expert\'s report').nullish(),
  },
  'A witness for the individual hearing',
);

export const witnessesSchema = list(witnessSchema, 'Witnesses for the individual hearing (the court\'s witness list)');
