import { useState } from 'react';
import { Card, Group, Radio, Select, Stack, Textarea, TextInput, TagsInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { communities } from '../../api/clients';
import { errorField } from '../../api/errors';
import { useMyCommunities } from '../../api/queries';
import { Nesting, PostingPolicy, Role, Visibility } from '../../gen/kith/communities/v1/communities_pb';
import { FormActions } from '../../components/FormActions';
import { notifySuccess } from '../../components/notify';
import { VISIBILITY_HELP, slugify } from './shared';

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

// RPCs: CommunitiesService.CreateCommunity, then UpdateCommunity for membership questions (a
// create has no field for them); ListMyCommunities for the parent choices.
export function CreateCommunityForm({ initialParentId = '', onCancel }: { initialParentId?: string; onCancel(): void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const mine = useMyCommunities();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [description, setDescription] = useState('');
  const [purpose, setPurpose] = useState('');
  const [topics, setTopics] = useState<string[]>([]);
  const [visibility, setVisibility] = useState<string>(String(Visibility.PUBLIC));
  const [parentId, setParentId] = useState<string>(initialParentId);
  const [nesting, setNesting] = useState<string>(String(Nesting.PARTIAL));
  const [posting, setPosting] = useState<string>(String(PostingPolicy.ALL_MEMBERS));
  const [rules, setRules] = useState('');
  const [questions, setQuestions] = useState('');
  const [welcome, setWelcome] = useState('');

  // A subcommunity goes under a community the caller administers.
  const parents = (mine.data ?? []).filter((c) => c.viewerRole >= Role.ADMIN && !c.archivedAt);
  const effectiveSlug = slugEdited ? slug : slugify(name);

  const create = useMutation({
    mutationFn: async () => {
      const res = await communities.createCommunity({
        name: name.trim(),
        slug: effectiveSlug,
        description: description.trim(),
        purpose: purpose.trim(),
        topics,
        visibility: Number(visibility) as Visibility,
        parentId,
        nesting: parentId ? (Number(nesting) as Nesting) : Nesting.UNSPECIFIED,
        rules: lines(rules),
        welcomeMessage: welcome.trim(),
        postingPolicy: Number(posting) as PostingPolicy,
      });
      const created = res.community!;
      const qs = lines(questions);
      if (qs.length) {
        const updated = await communities.updateCommunity({
          communityId: created.communityId,
          membershipQuestions: { questions: qs },
        });
        return updated.community ?? created;
      }
      return created;
    },
    onSuccess: (c) => {
      notifySuccess(`${c.name} is ready.`);
      void queryClient.invalidateQueries({ queryKey: ['communities'] });
      navigate(`/communities/${c.communityId}`);
    },
  });
  const bad = errorField(create.error);

  return (
    <Card withBorder component="section" aria-labelledby="create-heading">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h3" id="create-heading">
            Create a community
          </Title>
          <TextInput
            label="Name"
            description="3 to 80 characters."
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={bad === 'name' ? true : undefined}
          />
          <TextInput
            label="Address (slug)"
            description={`3 to 50 lower-case letters, digits and hyphens: /communities/${effectiveSlug || '…'}`}
            required
            value={effectiveSlug}
            onChange={(e) => {
              setSlugEdited(true);
              setSlug(e.currentTarget.value);
            }}
            error={bad === 'slug' ? true : undefined}
          />
          <Textarea
            label="Description"
            autosize
            minRows={2}
            maxRows={6}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={bad === 'description' ? true : undefined}
          />
          <TextInput
            label="Shared purpose (optional)"
            description="One sentence: what brings people together here."
            value={purpose}
            onChange={(e) => setPurpose(e.currentTarget.value)}
            error={bad === 'purpose' ? true : undefined}
          />
          <TagsInput
            label="Topics"
            description="Up to 10; press Enter after each."
            value={topics}
            onChange={setTopics}
            maxTags={10}
            error={bad === 'topics' ? true : undefined}
          />
          <Radio.Group
            label="Who can see it"
            value={visibility}
            onChange={setVisibility}
            error={bad === 'visibility' ? true : undefined}
          >
            <Stack gap={6} mt={4}>
              <Radio value={String(Visibility.PUBLIC)} label="Public" description={VISIBILITY_HELP[Visibility.PUBLIC]} />
              <Radio value={String(Visibility.PRIVATE)} label="Private" description={VISIBILITY_HELP[Visibility.PRIVATE]} />
              <Radio value={String(Visibility.HIDDEN)} label="Hidden" description={VISIBILITY_HELP[Visibility.HIDDEN]} />
            </Stack>
          </Radio.Group>
          <Select
            label="Inside another community (optional)"
            description="A subcommunity is never more visible than its parent. You can use the communities you administer."
            data={[{ value: '', label: 'None: a top-level community' }, ...parents.map((c) => ({ value: c.communityId, label: c.name }))]}
            value={parentId}
            onChange={(v) => setParentId(v ?? '')}
            allowDeselect={false}
            error={bad === 'parent_id' ? true : undefined}
          />
          {parentId ? (
            <Radio.Group label="Who may join the subcommunity" value={nesting} onChange={setNesting} error={bad === 'nesting' ? true : undefined}>
              <Stack gap={6} mt={4}>
                <Radio value={String(Nesting.PARTIAL)} label="Anyone (listed under the parent)" />
                <Radio
                  value={String(Nesting.FULL)}
                  label="Members of the parent only"
                  description="Leaving the parent, or being removed or banned there, ends the membership."
                />
              </Stack>
            </Radio.Group>
          ) : null}
          <Radio.Group label="Who may post" value={posting} onChange={setPosting}>
            <Group gap="md" mt={4}>
              <Radio value={String(PostingPolicy.ALL_MEMBERS)} label="Every member" />
              <Radio value={String(PostingPolicy.MODERATORS_ONLY)} label="Moderators only (announcements)" />
            </Group>
          </Radio.Group>
          <Textarea
            label="Rules (optional)"
            description="One rule a line, in order."
            autosize
            minRows={2}
            value={rules}
            onChange={(e) => setRules(e.currentTarget.value)}
            error={bad === 'rules' ? true : undefined}
          />
          {visibility !== String(Visibility.PUBLIC) ? (
            <Textarea
              label="Membership questions (optional)"
              description="Up to 5, one a line: people asking to join answer them."
              autosize
              minRows={2}
              value={questions}
              onChange={(e) => setQuestions(e.currentTarget.value)}
              error={bad === 'membership_questions' || bad === 'questions' ? true : undefined}
            />
          ) : null}
          <Textarea
            label="Welcome message (optional)"
            description="Shown to newcomers."
            autosize
            minRows={2}
            value={welcome}
            onChange={(e) => setWelcome(e.currentTarget.value)}
            error={bad === 'welcome_message' ? true : undefined}
          />
          <FormActions
            error={create.error}
            errorTitle="Could not create the community"
            pending={create.isPending}
            submitLabel="Create community"
            onCancel={onCancel}
          />
        </Stack>
      </form>
    </Card>
  );
}
