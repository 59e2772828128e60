import { describe, expect, it } from '@jest/globals';
import { SINGLE_LINE_TEXT_RULE } from '../domain/text';
import {
  checkGroup,
  checkPassenger,
  MAX_NAME_LENGTH,
  MAX_EMAIL_LENGTH,
  MAX_PHONE_LENGTH,
  type PassengerInput,
} from './ticket-input';

const ada = (overrides: Partial<PassengerInput> = {}): PassengerInput => ({
  seatNumber: 1,
  passengerName: 'Ada Lovelace',
  gender: 'female',
  ...overrides,
});

/** The problems a refusal lists: what a client sees as the `details` of its 400 answer. */
const problemsOf = (result: ReturnType<typeof checkPassenger>) => {
  const error = result._unsafeUnwrapErr();
  expect(error.kind).toBe('validation_failed');
  return (error as { details: string[] }).details;
};

describe('checkPassenger', () => {
  it('keeps a clean passenger, trimming the name and the phone', () => {
    expect(checkPassenger(ada({ passengerName: '  Ada  ', phone: ' +90 555 ' }))._unsafeUnwrap()).toEqual({
      seatNumber: 1,
      passengerName: 'Ada',
      gender: 'female',
      phone: '+90 555',
    });
  });

  it('adds no phone when none was given', () => {
    expect(checkPassenger(ada())._unsafeUnwrap()).not.toHaveProperty('phone');
  });

  it('accepts a name and a phone of exactly the longest length', () => {
    const longest = ada({ passengerName: 'x'.repeat(MAX_NAME_LENGTH), phone: '5'.repeat(MAX_PHONE_LENGTH) });
    expect(checkPassenger(longest)._unsafeUnwrap()).toEqual(longest);
  });

  it('keeps an e-mail address, trimmed, and refuses what is not one', () => {
    expect(checkPassenger(ada({ email: ' ada@example.org ' }))._unsafeUnwrap().email).toBe('ada@example.org');
    expect(checkPassenger(ada())._unsafeUnwrap()).not.toHaveProperty('email');
    const longest = `${'a'.repeat(MAX_EMAIL_LENGTH - 12)}@example.org`;
    expect(checkPassenger(ada({ email: longest }))._unsafeUnwrap().email).toBe(longest);
    for (const email of ['ada', 'ada@example', 'a da@example.org', `a${longest}`, 'ada@exam\nple.org']) {
      expect(problemsOf(checkPassenger(ada({ email })))).toEqual([
        `email is an e-mail address of at most ${MAX_EMAIL_LENGTH} characters`,
      ]);
    }
  });

  it('names every problem at once', () => {
    const bad = {
      seatNumber: 1.5,
      passengerName: '',
      gender: 'robot',
      phone: '',
    } as unknown as PassengerInput;
    const error = checkPassenger(bad)._unsafeUnwrapErr();
    expect(error).toEqual({
      kind: 'validation_failed',
      message: 'The passenger is not valid.',
      details: [
        'seatNumber is a whole number',
        `passengerName has 1 to ${MAX_NAME_LENGTH} characters`,
        'gender is one of male, female, other',
        `phone has 1 to ${MAX_PHONE_LENGTH} characters`,
      ],
    });
  });

  it.each([
    ['a name one character too long', { passengerName: 'x'.repeat(MAX_NAME_LENGTH + 1) }],
    ['a name of spaces', { passengerName: '   ' }],
    ['a name that is not text', { passengerName: 42 as unknown as string }],
  ])('refuses %s by its length', (_what, overrides) => {
    expect(problemsOf(checkPassenger(ada(overrides)))).toEqual([
      `passengerName has 1 to ${MAX_NAME_LENGTH} characters`,
    ]);
  });

  it('refuses a name with a line break as unclean text', () => {
    expect(problemsOf(checkPassenger(ada({ passengerName: 'Ada\nLovelace' })))).toEqual([
      `passengerName ${SINGLE_LINE_TEXT_RULE}`,
    ]);
  });

  it.each([
    ['a phone one character too long', '5'.repeat(MAX_PHONE_LENGTH + 1)],
    ['a phone of spaces', '  '],
  ])('refuses %s by its length', (_what, phone) => {
    expect(problemsOf(checkPassenger(ada({ phone })))).toEqual([
      `phone has 1 to ${MAX_PHONE_LENGTH} characters`,
    ]);
  });

  it('refuses a phone with a tab as unclean text', () => {
    expect(problemsOf(checkPassenger(ada({ phone: '555\t1234' })))).toEqual([
      `phone ${SINGLE_LINE_TEXT_RULE}`,
    ]);
  });
});

describe('checkGroup', () => {
  const group = (...seats: number[]) =>
    seats.map((seatNumber, i) => ada({ seatNumber, passengerName: ` P${i} ` }));

  it('answers the checked passengers in the order given', () => {
    expect(checkGroup(group(3, 1), 2)._unsafeUnwrap()).toEqual([
      { seatNumber: 3, passengerName: 'P0', gender: 'female' },
      { seatNumber: 1, passengerName: 'P1', gender: 'female' },
    ]);
  });

  it.each([
    ['no passengers', [] as PassengerInput[]],
    ['one more than the maximum', group(1, 2, 3)],
    ['no list at all', undefined as unknown as PassengerInput[]],
  ])('refuses %s, naming the allowed size', (_what, passengers) => {
    expect(checkGroup(passengers, 2)._unsafeUnwrapErr()).toEqual({
      kind: 'validation_failed',
      message: 'The group is not valid.',
      details: ['passengers lists 1 to 2 passengers'],
    });
  });

  it('accepts exactly the maximum', () => {
    expect(checkGroup(group(1, 2), 2)._unsafeUnwrap()).toHaveLength(2);
  });

  it("names each passenger's problems by position, and every seat asked twice", () => {
    const passengers = [
      ...group(4, 4, 4, 5, 5),
      ada({ seatNumber: 6, passengerName: '' }),
      ada({ seatNumber: 7, gender: 'robot' as PassengerInput['gender'] }),
    ];
    expect(checkGroup(passengers, 7)._unsafeUnwrapErr()).toEqual({
      kind: 'validation_failed',
      message: 'The group is not valid.',
      details: [
        `passengers.5: passengerName has 1 to ${MAX_NAME_LENGTH} characters`,
        'passengers.6: gender is one of male, female, other',
        'each seat is booked once (asked twice: 4, 5)',
      ],
    });
  });
});
