/**
 * The parts of the intake that answer the rest of Form I-589 (Rev. 04/09/19): every field is
 * optional, so version 1 files stay valid and keep their meaning. What the form asks and the
 * intake lacks is a warning naming the part and question (see the field map's `asks`), never a
 * silent blank. Each description names the question it answers.
 */
import { bool, date, formatted, list, obj, oneOf, text } from './schema-kit.js';

const monthOrDate = (description: string) => formatted('monthOrDate', description);
const place = (description: string) => obj({ city: text('City or town'), country: text('Country') }, description);

/** An address outside the United States with the months lived there (Part A.III, 1 and 2). */
const addressAbroad = (description: string) =>
  obj(
    {
      street: text('Number and street (or a description of the place)').nullish(),
      city: text('City or town'),
      province: text('Department, province or state').nullish(),
      country: text('Country'),
      from: monthOrDate('From: YYYY-MM (or a full date)').nullish(),
      to: monthOrDate('To: YYYY-MM (or a full date); leave out for the present address').nullish(),
    },
    description,
  );

/** Part A.I, questions 2, 3, 9, 15, 18–22 (the rest were in version 1 from the start). */
export const applicantI589 = {
  ssn: formatted('ssn', 'U.S. Social Security number, if any (I-589 Part A.I, question 2)').nullish(),
  uscisAccountNumber: formatted('uscisAccount', 'USCIS online account number, if any (Part A.I, question 3)').nullish(),
  mailingAddress: obj(
    {
      inCareOf: text('"In care of" name, if any').nullish(),
      street: text('Number and street'),
      unit: text('Apartment number').nullish(),
      city: text('City'),
      state: formatted('state', 'Two-letter US state or territory code'),
      zip: formatted('zip', 'ZIP code'),
      phone: text('Telephone number at the mailing address').nullish(),
    },
    'Mailing address in the U.S., if different from the residence (Part A.I, question 9)',
  ).nullish(),
  nationalityAtBirth: text('Nationality at birth (Part A.I, question 15); the present nationality when absent').nullish(),
  courtHistory: oneOf(
    ['never', 'now', 'past'],
    'Immigration court proceedings (Part A.I, question 18): never, now, or in the past but not now; "now" when the proceeding is defensive',
  ).nullish(),
  lastDeparture: date('When the applicant last left the country of feared persecution (Part A.I, question 19.A)').nullish(),
  passport: obj(
    {
      country: text('Country that issued the last passport or travel document'),
      number: text('Passport number').nullish(),
      travelDocumentNumber: text('Travel document number').nullish(),
      expires: date('Expiration date').nullish(),
    },
    'The last passport or travel document (Part A.I, questions 20–22)',
  ).nullish(),
  nameInNativeAlphabet: text('The applicant\'s name written in the native alphabet (Part D)').nullish(),
};

/** What Part A.II asks of the spouse and of every child, beyond version 1's name, birth date, A-number, location. */
export const familyMemberI589 = {
  passport: text('Passport or identification card number, if any (Part A.II, question 2)').nullish(),
  maritalStatus: oneOf(['single', 'married', 'divorced', 'widowed'], 'Marital status (children: Part A.II, question 3)').nullish(),
  ssn: formatted('ssn', 'U.S. Social Security number, if any').nullish(),
  maidenName: text('Maiden name (spouse)').nullish(),
  birthPlace: place('City and country of birth').nullish(),
  nationality: text('Nationality (citizenship)').nullish(),
  ethnicity: text('Race, ethnic or tribal group').nullish(),
  sex: oneOf(['male', 'female'], 'Sex, as on Form I-589').nullish(),
  whereabouts: text('Where the person is, when abroad (the form\'s "specify location")').nullish(),
  lastEntry: obj({ date: date('Date of last entry into the U.S.'), place: text('Place of last entry') }, 'The last entry into the U.S. (in the U.S. only)').nullish(),
  i94: text('I-94 number, if any').nullish(),
  statusAtEntry: text('Status when last admitted (visa type, if any), e.g. "Parole (CBP One)" or "EWI"').nullish(),
  currentStatus: text('Current status, e.g. "Parolee" or "None"').nullish(),
  statusExpires: date('Expiration date of the authorized stay, if any').nullish(),
  inCourtProceedings: bool('Whether the person is in immigration court proceedings').nullish(),
  previousArrival: date('Date of a previous arrival in the U.S., if any (spouse, question 23)').nullish(),
  marriage: obj({ date: date('Date of marriage'), place: text('Place of marriage, e.g. "Tegucigalpa, Honduras"') }, 'The marriage (spouse)').nullish(),
};

/** The status an arrival's admission lasts until (Part A.I, question 19.C). */
export const arrivalI589 = {
  statusExpires: date('Date the status of this entry expires, if any').nullish(),
};

const relative = (description: string) =>
  obj(
    {
      name: text('Full name'),
      birthPlace: place('City or town and country of birth').nullish(),
      location: text('Current location (city and country), when living').nullish(),
      deceased: bool('true when the person has died').nullish(),
    },
    description,
  );

/** Part A.III, Information about your background. */
export const backgroundSchema = obj(
  {
    lastAddressAbroad: addressAbroad('The last address lived at before coming to the U.S. (question 1)').nullish(),
    addressInFearedCountry: addressAbroad('The last address in the country of feared persecution, when different from the last address abroad (question 1)').nullish(),
    residences: list(addressAbroad('A residence'), 'Residences during the past 5 years, the present address first (question 2)').nullish(),
    education: list(
      obj(
        {
          school: text('Name of the school'),
          type: text('Type of school, e.g. "Secondary school"'),
          location: text('Location (city and country)'),
          from: monthOrDate('Attended from: YYYY-MM'),
          to: monthOrDate('Attended to: YYYY-MM'),
        },
        'A school attended',
      ),
      'Education, the most recent first (question 3)',
    ).nullish(),
    employment: list(
      obj(
        {
          employer: text('Name of the employer (or "Self-employed")'),
          address: text('Address of the employer'),
          occupation: text('Occupation'),
          from: monthOrDate('From: YYYY-MM'),
          to: monthOrDate('To: YYYY-MM; leave out for present employment').nullish(),
        },
        'A job held',
      ),
      'Employment during the past 5 years, the present first (question 4)',
    ).nullish(),
    mother: relative('The applicant\'s mother (question 5)').nullish(),
    father: relative('The applicant\'s father (question 5)').nullish(),
    siblings: list(relative('A brother or sister'), 'Brothers and sisters (question 5)').nullish(),
  },
  'Form I-589 Part A.III: background',
);

const answer = (description: string) =>
  obj(
    {
      answer: bool('Yes (true) or no (false)'),
      explanation: text('The explanation the form asks for when the answer is yes; it may refer to the declaration and the chronology rather than repeat them').nullish(),
    },
    description,
  );

/** The yes/no questions of Parts B and C (C.5, the late filing, is derived; its explanation is exceptions.oneYearDeadline). */
export const questionsSchema = obj(
  {
    pastHarm: answer('B.1.A: have you, your family, or close friends or colleagues ever experienced harm or mistreatment or threats in the past by anyone?').nullish(),
    fearOfHarm: answer('B.1.B: do you fear harm or mistreatment if you return to your home country?').nullish(),
    arrestsAbroad: answer('B.2: have you or your family members ever been accused, charged, arrested, detained, interrogated, convicted and sentenced, or imprisoned in any country other than the United States?').nullish(),
    organizations: answer('B.3.A: have you or your family members ever belonged to or been associated with any organizations or groups in your home country?').nullish(),
    continuingParticipation: answer('B.3.B: do you or your family members continue to participate in any way in these organizations or groups?').nullish(),
    fearOfTorture: answer('B.4: are you afraid of being subjected to torture in your home country or any other country to which you may be returned?').nullish(),
    priorApplications: answer('C.1: have you, your spouse, your children, your parents or your siblings ever applied to the U.S. Government for refugee status, asylum, or withholding of removal?').nullish(),
    thirdCountries: answer('C.2.A: after leaving the country from which you are claiming asylum, did you or your spouse or children who are now in the U.S. travel through or reside in any other country before entering the U.S.?').nullish(),
    otherStatus: answer('C.2.B: have you, your spouse, your children, or other family members ever applied for or received any lawful status in any country other than the one from which you are now claiming asylum?').nullish(),
    harmToOthers: answer('C.3: have you, your spouse or your children ever ordered, incited, assisted or otherwise participated in causing harm or suffering to any person because of his or her race, religion, nationality, membership in a particular social group or belief in a particular political opinion?').nullish(),
    returned: answer('C.4: after you left the country where you were harmed or fear harm, did you return to that country?').nullish(),
    crimes: answer('C.6: have you or any member of your family included in the application ever committed any crime and/or been arrested, charged, convicted, or sentenced for any crimes in the United States?').nullish(),
  },
  'Form I-589 Parts B and C: each question as a yes/no answer with its explanation',
);

/** Part D: who helped. */
export const assistanceSchema = obj(
  {
    relatives: list(obj({ name: text('Full name'), relationship: text('Relationship, e.g. "Spouse"') }, 'A spouse, parent or child who helped'), 'Spouse, parent or children who helped complete the application').nullish(),
    givenListOfLegalServices: bool('Whether the applicant was given a list of persons who may help at little or no cost').nullish(),
  },
  'Form I-589 Part D: who assisted the applicant',
);

export const interpreterSchema = obj(
  {
    name: text('Interpreter\'s full name'),
    address: text('Interpreter\'s address'),
    phone: text('Interpreter\'s telephone number'),
    language: text('Language interpreted, e.g. "Spanish"'),
  },
  'The interpreter who read the application and the declaration to the applicant; names the certificate of interpretation',
);
