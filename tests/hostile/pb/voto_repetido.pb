META
key;value
description;Vale Verde
num_projects;3
num_votes;3
budget;1000
vote_type;approval
PROJECTS
project_id;cost;name
p1;600;Praça
p2;500;Creche
p3;300;Ciclovia
VOTES
voter_id;vote
v1;p1,p2
v2;p2,p2
v3;p1,p3
