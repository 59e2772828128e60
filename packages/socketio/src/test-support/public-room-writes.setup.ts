// jest's "socketio public room writes" project: the delivery suites once more, on Socket.IO's room broadcasts.
process.env.SEATS_ROOM_WRITES = 'public';
export {};
