/**
 * The intake contract, version 1 (shared INTAKE.md), as a zod schema. Field names are fixed.
 * Objects are strict: an unknown key is an error. `null` and a missing optional key mean the same.
 * Rules that relate fields to each other live in rules.ts; this file says what each field is.
 */
import { z } from 'zod';
import { bool, date, expect, expectations, formatted, list, obj, oneOf, personName, text, usAddress } from './schema-kit.js';

import { statementSchema, witnessesSchema } from './schema-statement.js';
import { applicantI589, arrivalI589, assistanceSchema, backgroundSchema, familyMemberI589, interpreterSchema, questionsSchema } from './schema-i589.js';

export { expectations, usAddress };

const aNumber = (description: string) => formatted('aNumber', description);

export const proceedingSchema = obj(
  {
    type: oneOf(['affirmative', 'defensive'], 'affirmative = filed with USCIS; defensive = in removal proceedings before an immigration judge (EOIR)'),
    asylumOffice: text('USCIS asylum office with jurisdiction (affirmative only)').nullish(),
    filingMethod: oneOf(['mail', 'online', 'ecas', 'paper'], 'mail/online for USCIS, ecas/paper for EOIR').nullish(),
    court: obj(
      {
        name: text('Immigration court, e.g. "New York - Broadway Immigration Court"'),
        city: text('City of the court'),
        state: formatted('state', 'State of the court'),
        address: usAddress,
      },
      'The immigration court (defensive: required)',
    ).nullish(),
    judge: text('Immigration judge, e.g. "Hon. Margaret L. Chen" (defensive: required)').nullish(),
    detained: bool('Whether the respondent is detained (defensive: required; changes deadlines and the cover page)').nullish(),
    nextHearing: obj(
      {
        kind: oneOf(['master', 'individual'], 'Master calendar or individual (merits) hearing'),
        date: date('Date of the hearing'),
        time: formatted('time', 'Time of the hearing, HH:MM (24-hour)').nullish(),
      },
      'The next hearing (defensive: required)',
    ).nullish(),
    dhsService: obj(
      {
        office: text('ICE Office of the Principal Legal Advisor that is served'),
        address: usAddress,
        method: oneOf(['ecas', 'mail', 'hand'], 'How DHS is served'),
      },
      'Who is served for DHS and how (defensive)',
    ).nullish(),
    priorFilings: list(
      obj(
        {
          stage: text('Stage of the earlier filing, e.g. "affirmative"'),
          filedOn: date('Date it was filed'),
          office: text('Office or court it was filed with').nullish(),
          outcome: text('Outcome, e.g. "referred"').nullish(),
          decisionDate: date('Date of the decision').nullish(),
          snapshot: text('Path to the intake file as it was filed, relative to this file; used for the consistency check').nullish(),
        },
        'An earlier filing of this case',
      ),
      'Earlier filings of this case',
    ).nullish(),
  },
  'Where and how the application is filed',
);

export const applicantSchema = obj(
  {
    name: personName,
    otherNames: list(text('Another name'), 'Aliases and maiden names').nullish(),
    aNumber: aNumber('Alien registration number: "A" and 8 or 9 digits, dashes or spaces allowed; required for defensive').nullish(),
    dateOfBirth: date('Date of birth'),
    sex: oneOf(['male', 'female'], 'As on Form I-589'),
    maritalStatus: oneOf(['single', 'married', 'divorced', 'widowed'], 'Marital status'),
    birthPlace: obj({ city: text('City or town of birth'), country: text('Country of birth') }, 'Place of birth'),
    nationality: text('Present nationality (citizenship)'),
    ethnicity: text('Race, ethnic or tribal group'),
    religion: text('Religion'),
    languages: obj(
      {
        native: text('Native language'),
        fluentInEnglish: bool('false means declarations need a certificate of interpretation'),
        other: list(text('Another language'), 'Other languages spoken').nullish(),
      },
      'Languages',
    ),
    usAddress,
    phone: text('Telephone number').nullish(),
    arrivals: list(
      obj(
        {
          date: date('Date of arrival'),
          place: text('Port or place of entry'),
          status: text('Status at entry, e.g. "Parole (CBP One)" or "EWI"'),
          i94: text('I-94 number').nullish(),
          ...arrivalI589,
        },
        'An arrival in the United States',
      ),
      'Arrivals in the United States; the latest is the last arrival for the one-year deadline',
    ).min(1),
    ...applicantI589,
  },
  'The applicant (principal)',
);

export const familyMemberSchema = obj(
  {
    relationship: oneOf(['spouse', 'child'], 'Spouse or child'),
    name: personName,
    dateOfBirth: date('Date of birth'),
    aNumber: aNumber('A-number, if any').nullish(),
    location: oneOf(['in-us', 'abroad'], 'Where the family member is'),
    includeAsDerivative: bool('Whether to include as a derivative on the application (spouse, or unmarried child under 21)'),
    relationshipEvidence: list(text('Id of an exhibit in evidence[]'), 'Exhibits proving the relationship to the applicant: a marriage or birth certificate').nullish(),
    ...familyMemberI589,
  },
  'A spouse or child',
);

export const claimSchema = obj(
  {
    grounds: list(oneOf(['race', 'religion', 'nationality', 'political-opinion', 'particular-social-group'], 'A protected ground'), 'Protected grounds claimed').min(1),
    particularSocialGroup: text('Definition of the particular social group; required when that ground is claimed').nullish(),
    relief: list(oneOf(['asylum', 'withholding', 'cat'], 'Relief sought'), 'Relief sought: asylum, withholding of removal, Convention Against Torture').nullish(),
    persecutors: list(text('A persecutor'), 'Who harmed or threatens the applicant').nullish(),
    summary: text('Short summary of the claim').nullish(),
  },
  'The claim',
);

export const eventSchema = obj(
  {
    id: text('Unique id of the event'),
    date: formatted('partialDate', 'Date of the event: YYYY-MM-DD, or YYYY-MM / YYYY when the day or month is not remembered'),
    place: text('Where it happened'),
    narrative: text('What happened, in the first person'),
    evidence: list(text('Id of an exhibit in evidence[]'), 'Exhibits that support this event').nullish(),
  },
  'An event of the chronology; becomes a numbered paragraph of the declaration',
);

export const translatorSchema = obj(
  {
    name: text('Translator\'s full name'),
    address: text('Translator\'s address'),
    phone: text('Translator\'s telephone number'),
  },
  'The translator who certifies the translation',
);

export const evidenceSchema = obj(
  {
    id: text('Unique id of the exhibit'),
    title: text('Title of the exhibit as it appears in the index'),
    category: oneOf(['identity', 'persecution', 'medical', 'witness', 'country-conditions', 'other'], 'Orders and groups the exhibits'),
    file: text('Path to the PDF, JPEG, PNG or TIFF, relative to the intake file'),
    date: date('Date of the document').nullish(),
    language: formatted('language', 'ISO 639-1 code of the document\'s language; not "en" requires a translation'),
    translation: obj(
      {
        file: text('Path to the English translation, relative to the intake file'),
        translator: translatorSchema,
        certificateIncluded: bool('The translation already ends with its translator\'s own signed certificate of translation (competence and accuracy, 8 CFR 1003.33): no second certificate is made for it').nullish(),
      },
      'The English translation; the certificate of translation is generated from it, unless it carries its own',
    ).nullish(),
    password: text('Password that opens a password-protected exhibit PDF').nullish(),
  },
  'An exhibit',
);

export const intakeSchema = obj(
  {
    $schema: z.string().meta({ description: 'Path or URL of intake.schema.json, for editors' }).nullish(),
    schemaVersion: expect(z.literal(1).meta({ description: 'Version of the intake contract; 1' }), 'the number 1'),
    caseId: formatted('caseId', 'Case id; names the output folder'),
    proceeding: proceedingSchema,
    applicant: applicantSchema,
    family: list(familyMemberSchema, 'Spouse and children').nullish(),
    claim: claimSchema,
    events: list(eventSchema, 'The chronology').nullish(),
    statement: statementSchema.nullish(),
    exceptions: obj(
      {
        oneYearDeadline: obj(
          {
            type: oneOf(['changed', 'extraordinary'], 'Changed or extraordinary circumstances'),
            explanation: text('Why the application is filed after the one-year deadline'),
          },
          'Exception to the one-year deadline',
        ).nullish(),
      },
      'Exceptions claimed',
    ).nullish(),
    evidence: list(evidenceSchema, 'The exhibits, one entry each').nullish(),
    representative: obj(
      {
        name: text('Attorney or accredited representative'),
        firm: text('Firm or organisation').nullish(),
        address: usAddress,
        phone: text('Telephone number'),
        email: text('E-mail address').nullish(),
        barNumber: text('Bar number').nullish(),
        eoirId: text('EOIR ID; needed for EOIR filings by attorneys').nullish(),
        g28Signed: bool('A Form G-28 (Notice of Entry of Appearance), signed by the applicant and the representative, goes with a USCIS filing: the cover letter lists it (the tool does not make it)').nullish(),
      },
      'The representative; leave out for a pro se applicant',
    ).nullish(),
    background: backgroundSchema.nullish(),
    questions: questionsSchema.nullish(),
    assistance: assistanceSchema.nullish(),
    interpreter: interpreterSchema.nullish(),
    witnesses: witnessesSchema.nullish(),
    filing: obj({ date: date('Planned filing date; today when absent').nullish() }, 'The filing').nullish(),
    acknowledgements: list(
      obj(
        {
          difference: text('Id of a difference from an earlier filing, as the consistency report gives it, e.g. "events[ev-beating].date#1a2b3c4d"'),
          reason: text('Why it changed, in words a judge could be given, e.g. "the date was corrected after the client found the police report"'),
        },
        'A difference from an earlier filing, made deliberately',
      ),
      'Differences from earlier filings that are deliberate, each with its reason (the consistency report lists the differences and their ids)',
    ).nullish(),
  },
  'A client intake file (asylum-packet intake contract, version 1)',
);

export type Intake = z.output<typeof intakeSchema>;
