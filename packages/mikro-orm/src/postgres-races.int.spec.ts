import { it } from '@jest/globals';
import { describeWithService } from '@booking/core/testing';
import { storagePerSuite } from './testing/storage-per-suite';
import {
  concurrentSequences,
  confirmRacesCancel,
  raceForOneSeat,
  raceOverSegments,
} from './testing/race-scenarios';
import { genderAdjacencyRace, groupsRaceForOneSeat } from './testing/group-race-scenarios';
import { parallelGroupsOfOneCustomer, parallelHoldsOfOneCustomer } from './testing/hold-limit-races';
import { holdsAndTicketsRaceForOneSeat, holdsAndTicketsRaceOverSegments } from './testing/seat-hold-races';

describeWithService('DATABASE_URL', process.env, 'MikroORM storage on PostgreSQL under concurrency', () => {
  const opened = storagePerSuite(process.env, { kind: 'postgres', poolSize: 12 });

  it('lets exactly one of 50 concurrent reservations of one seat win', async () => {
    await raceForOneSeat(opened(), 50);
  });

  it('never lets 300 concurrent reservations over overlapping segments double-book a seat', async () => {
    await raceOverSegments(opened(), 300, 20260101);
  });

  it('lets exactly one of 40 concurrent seat holds and reservations of one seat win', async () => {
    for (let round = 0; round < 3; round++) await holdsAndTicketsRaceForOneSeat(opened(), 40);
  });

  it('never lets 300 concurrent holds, reservations and releases over overlapping segments share a seat', async () => {
    await holdsAndTicketsRaceOverSegments(opened(), 300, 20260501);
  });

  it('numbers 100 concurrent bookings of one route exactly 1..100', async () => {
    await concurrentSequences(opened(), 100);
  });

  it('lets exactly one of two groups that share a seat win, leaving nothing of the other', async () => {
    for (let round = 0; round < 10; round++) await groupsRaceForOneSeat(opened());
  });

  it('never lets opposite-gender bookings of one row pair both succeed (gender adjacency)', async () => {
    for (let round = 0; round < 10; round++) await genderAdjacencyRace(opened());
  });

  it('applies exactly one of a concurrent confirm and cancel of one ticket', async () => {
    for (let round = 0; round < 5; round++) await confirmRacesCancel(opened());
  });

  it('never lets parallel bookings of one customer hold more than MAX_HELD_SEATS unpaid seats', async () => {
    for (let round = 0; round < 5; round++) await parallelHoldsOfOneCustomer(opened(), 30);
    for (let round = 0; round < 5; round++) await parallelGroupsOfOneCustomer(opened());
  });
});
