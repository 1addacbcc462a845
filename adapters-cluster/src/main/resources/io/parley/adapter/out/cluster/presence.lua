-- Presence across the cluster. ARGV[1] is the operation, ARGV[2] the cluster prefix p. Keys:
--   {p}:presence:counts:{conversation}  hash   user -> connections anywhere (no field at 0)
--   {p}:presence:users:{conversation}   zset   the users present, all at score 0 (so in the order of their ids)
--   {p}:presence:node:{node}            hash   "{conversation}|{connection}" -> user, for each entry of the node
-- Conversation and connection ids have no '|', so an entry's field splits at its first '|'.
local op, p = ARGV[1], ARGV[2]

local function counts(conversation)
  return p .. ':presence:counts:' .. conversation
end

local function users(conversation)
  return p .. ':presence:users:' .. conversation
end

local function entries(node)
  return p .. ':presence:node:' .. node
end

local function conversation_of(field)
  return string.match(field, '^([^|]*)|')
end

-- One more connection of user in conversation, held by node; 1 when it is the user's first there, anywhere.
local function arrive(node, conversation, connection, user)
  if redis.call('HSETNX', entries(node), conversation .. '|' .. connection, user) == 0 then
    return 0
  end
  if redis.call('HINCRBY', counts(conversation), user, 1) == 1 then
    redis.call('ZADD', users(conversation), 0, user)
    return 1
  end
  return 0
end

-- One connection fewer of user in conversation; 1 when it was the user's last there, anywhere.
local function drop(conversation, user)
  if redis.call('HINCRBY', counts(conversation), user, -1) > 0 then
    return 0
  end
  redis.call('HDEL', counts(conversation), user)
  redis.call('ZREM', users(conversation), user)
  return 1
end

-- The entry field of node is gone; 1 when it was its user's last connection in its conversation.
local function depart(node, field)
  local user = redis.call('HGET', entries(node), field)
  if not user then
    return 0
  end
  redis.call('HDEL', entries(node), field)
  return drop(conversation_of(field), user)
end

if op == 'arrive' then
  -- ARGV[3] node, ARGV[4] conversation, ARGV[5] connection, ARGV[6] user
  return arrive(ARGV[3], ARGV[4], ARGV[5], ARGV[6])
elseif op == 'depart' then
  -- ARGV[3] node, ARGV[4] conversation, ARGV[5] connection
  return depart(ARGV[3], ARGV[4] .. '|' .. ARGV[5])
elseif op == 'present' then
  -- ARGV[3] conversation, ARGV[4] limit (>= 1): {user, count, user, count, ...} in the order of the user ids
  local conversation = ARGV[3]
  local out = {}
  for _, user in ipairs(redis.call('ZRANGE', users(conversation), 0, tonumber(ARGV[4]) - 1)) do
    out[#out + 1] = user
    out[#out + 1] = redis.call('HGET', counts(conversation), user) or '0'
  end
  return out
elseif op == 'sync' then
  -- ARGV[3] node, then (conversation, connection, user) for every entry the node holds: afterwards Redis holds
  -- exactly those entries for it. Answers {entries added, entries removed}.
  local node = ARGV[3]
  local want = {}
  local added, removed = 0, 0
  for i = 4, #ARGV, 3 do
    want[ARGV[i] .. '|' .. ARGV[i + 1]] = true
    if redis.call('HEXISTS', entries(node), ARGV[i] .. '|' .. ARGV[i + 1]) == 0 then
      arrive(node, ARGV[i], ARGV[i + 1], ARGV[i + 2])
      added = added + 1
    end
  end
  local held = redis.call('HKEYS', entries(node))
  for _, field in ipairs(held) do
    if not want[field] then
      depart(node, field)
      removed = removed + 1
    end
  end
  return {added, removed}
elseif op == 'reap' then
  -- ARGV[3] node, ARGV[4] at most how many entries, ARGV[5] '1' to clean this node's own leftovers of an earlier
  -- run (no liveness check, the node stays a member). Removes what a dead node left, a batch at a time:
  -- {state, conversation, user, ...} with the users whose last connection went; state 'alive' (the node is
  -- back: nothing done), 'more' (call again), 'done' (this call finished it: the node left the set), 'gone'.
  local node, batch, own = ARGV[3], tonumber(ARGV[4]), ARGV[5] == '1'
  if not own and redis.call('EXISTS', p .. ':node:' .. node) == 1 then
    return {'alive'}
  end
  local out = {'more'}
  local scan = redis.call('HSCAN', entries(node), '0', 'COUNT', batch)
  local fields = scan[2]
  for i = 1, #fields, 2 do
    local field, user = fields[i], fields[i + 1]
    redis.call('HDEL', entries(node), field)
    local conversation = conversation_of(field)
    if drop(conversation, user) == 1 then
      out[#out + 1] = conversation
      out[#out + 1] = user
    end
  end
  if redis.call('EXISTS', entries(node)) == 0 then
    if own then
      out[1] = 'done'
    else
      redis.call('DEL', p .. ':clients:' .. node)
      out[1] = redis.call('SREM', p .. ':nodes', node) == 1 and 'done' or 'gone'
    end
  end
  return out
end
return redis.error_reply('unknown operation ' .. tostring(op))
