-- Connections per client and node. ARGV[1] is the operation, ARGV[2] the cluster prefix p. Keys:
--   {p}:clients:{node}  hash  client key -> connections the node holds (no field at 0)
-- A node counts while its key {p}:node:{node} exists (see liveness.lua).
local op, p = ARGV[1], ARGV[2]

local function clients(node)
  return p .. ':clients:' .. node
end

-- the connections of client on the live nodes other than this
local function elsewhere(this, client)
  local total = 0
  for _, node in ipairs(redis.call('SMEMBERS', p .. ':nodes')) do
    if node ~= this and redis.call('EXISTS', p .. ':node:' .. node) == 1 then
      total = total + tonumber(redis.call('HGET', clients(node), client) or '0')
    end
  end
  return total
end

if op == 'add' then
  -- ARGV[3] node, ARGV[4] client, ARGV[5] delta: the node's count for the client now
  local n = redis.call('HINCRBY', clients(ARGV[3]), ARGV[4], ARGV[5])
  if n <= 0 then
    redis.call('HDEL', clients(ARGV[3]), ARGV[4])
  end
  return n
elseif op == 'rewrite' then
  -- ARGV[3] node, then (client, count) for every client it holds: the node's counts are exactly those
  local key = clients(ARGV[3])
  redis.call('DEL', key)
  for i = 4, #ARGV, 2 do
    redis.call('HSET', key, ARGV[i], ARGV[i + 1])
  end
  return (#ARGV - 3) / 2
elseif op == 'claim' then
  -- ARGV[3] this node, ARGV[4] client: the node holds one more of the client's connections; the client's
  -- connections on the other live nodes, counted after that (two nodes claiming at once each see the other's)
  redis.call('HINCRBY', clients(ARGV[3]), ARGV[4], 1)
  return elsewhere(ARGV[3], ARGV[4])
elseif op == 'elsewhere' then
  -- ARGV[3] this node, ARGV[4] client: the client's connections on the other live nodes
  return elsewhere(ARGV[3], ARGV[4])
end
return redis.error_reply('unknown operation ' .. tostring(op))
