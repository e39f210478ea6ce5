import { useState } from 'react';
import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { content } from '../../api/clients';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { PostCard } from '../../components/PostCard';
import { fromPost } from '../../components/postView';
import { ReactionBar } from '../../components/ReactionBar';
import { CommentForm, CommentList } from './Comments';
import { ShareForm } from './ShareForm';

// RPCs: ContentService.GetPost, React/Unreact, SharePost, DeletePost, ListComments, AddComment.
export default function PostPage() {
  const { postId = '' } = useParams();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [sharing, setSharing] = useState(false);
  const post = useQuery({
    queryKey: ['content', 'GetPost', postId],
    queryFn: () => content.getPost({ postId }),
    select: (res) => res.post,
  });
  const remove = useMutation({
    mutationFn: () => content.deletePost({ postId }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['feed'] });
      navigate('/');
    },
  });

  return (
    <Stack>
      <PageTitle>Post</PageTitle>
      {post.isLoading ? <Loading label="Loading the post" /> : null}
      <ErrorAlert error={post.error} title="Could not open this post" />
      {post.data ? (
        <>
          <PostCard
            post={fromPost(post.data)}
            linkToPost={false}
            actions={
              <Stack gap="xs">
                <Group gap="xs" justify="space-between">
                  <ReactionBar
                    key={post.dataUpdatedAt}
                    postId={post.data.postId}
                    reactions={post.data.reactions}
                    viewerReaction={post.data.viewerReaction}
                  />
                  <Group gap="xs">
                    <Button size="compact-sm" variant="default" aria-expanded={sharing} onClick={() => setSharing((s) => !s)}>
                      Share
                    </Button>
                    {post.data.authorId === me.userId ? (
                      <Button
                        size="compact-sm"
                        variant="default"
                        c="red.8"
                        loading={remove.isPending}
                        onClick={() => {
                          if (window.confirm('Delete this post?')) remove.mutate();
                        }}
                      >
                        Delete
                      </Button>
                    ) : null}
                  </Group>
                </Group>
                <ErrorAlert error={remove.error} title="Could not delete" />
              </Stack>
            }
          />
          {sharing ? <ShareForm postId={post.data.postId} onClose={() => setSharing(false)} /> : null}
          <section aria-labelledby="comments-heading">
            <Title order={2} size="h3" id="comments-heading" mb="sm">
              Comments
            </Title>
            <Stack>
              <CommentForm postId={post.data.postId} label="Add a comment" />
              <CommentList postId={post.data.postId} />
            </Stack>
          </section>
        </>
      ) : post.isSuccess ? (
        <Text>Not found or not visible to you.</Text>
      ) : null}
    </Stack>
  );
}
