<?php
// newsgrep's tests drive a real WordPress through this script (see wp.sh):
//   php posts.php HOST:PORT install plain|pretty   install WordPress into the empty database
//   php posts.php HOST:PORT insert POSTS.json      insert posts; prints [{"id", "title"}]
//   php posts.php HOST:PORT update ID FIELDS.json  change a post's title and/or content
//   php posts.php HOST:PORT delete ID              delete a post for good
// POSTS.json is an array of {"title", "content", "date_gmt"?, "categories"?: [names],
// "tags"?: [names], "author"?: display name}; a name not yet known is created.
$_SERVER['HTTP_HOST'] = $argv[1];
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_NAME'] = explode(':', $argv[1])[0];
$_SERVER['SERVER_PORT'] = explode(':', $argv[1] . ':80')[1];
$command = $argv[2];
define('WP_INSTALLING', $command === 'install');
require_once '/usr/share/wordpress/wp-load.php';
// No mail leaves a test site (there is no sendmail to take it).
add_filter('pre_wp_mail', '__return_false');
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/taxonomy.php';
require_once ABSPATH . 'wp-admin/includes/user.php';

function fail($message) {
    fwrite(STDERR, "posts.php: $message\n");
    exit(1);
}

function read_json($path) {
    $value = json_decode(file_get_contents($path), true);
    if ($value === null) {
        fail("$path is not JSON");
    }
    return $value;
}

function author_id($name) {
    $login = sanitize_user(strtolower(str_replace(' ', '', $name)), true);
    $user = get_user_by('login', $login);
    if ($user) {
        return $user->ID;
    }
    $id = wp_insert_user([
        'user_login' => $login,
        'user_pass' => wp_generate_password(),
        'display_name' => $name,
        'role' => 'author',
    ]);
    if (is_wp_error($id)) {
        fail($id->get_error_message());
    }
    return $id;
}

function tag_ids($names) {
    $ids = [];
    foreach ($names as $name) {
        $term = term_exists($name, 'post_tag');
        if (!$term) {
            $term = wp_insert_term($name, 'post_tag');
        }
        if (is_wp_error($term)) {
            fail($term->get_error_message());
        }
        $ids[] = (int) $term['term_id'];
    }
    return $ids;
}

switch ($command) {
    case 'install':
        $result = wp_install('newsgrep test site', 'admin', 'admin@example.org', true, '', 'admin-password');
        update_option('permalink_structure', $argv[3] === 'pretty' ? '/%year%/%postname%/' : '');
        update_option('posts_per_page', 10);
        // The site holds only what a test inserts: no "Hello world!", no sample page.
        foreach (get_posts(['post_type' => ['post', 'page'], 'post_status' => 'any', 'numberposts' => -1]) as $post) {
            wp_delete_post($post->ID, true);
        }
        echo json_encode(['user_id' => $result['user_id']]), "\n";
        break;
    case 'insert':
        $out = [];
        foreach (read_json($argv[3]) as $post) {
            $categories = [];
            foreach ($post['categories'] ?? [] as $name) {
                $categories[] = wp_create_category($name);
            }
            $fields = [
                'post_title' => wp_slash($post['title']),
                'post_content' => wp_slash($post['content']),
                'post_status' => 'publish',
                'post_type' => 'post',
                'post_category' => $categories,
                'tags_input' => tag_ids($post['tags'] ?? []),
                'post_author' => isset($post['author']) ? author_id($post['author']) : 1,
            ];
            if (isset($post['date_gmt'])) {
                $fields['post_date_gmt'] = $post['date_gmt'];
                $fields['post_date'] = get_date_from_gmt($post['date_gmt']);
            }
            $id = wp_insert_post($fields, true);
            if (is_wp_error($id)) {
                fail($id->get_error_message());
            }
            $out[] = ['id' => $id, 'title' => $post['title']];
        }
        echo json_encode($out), "\n";
        break;
    case 'update':
        $change = read_json($argv[4]);
        $fields = ['ID' => (int) $argv[3]];
        if (isset($change['title'])) {
            $fields['post_title'] = wp_slash($change['title']);
        }
        if (isset($change['content'])) {
            $fields['post_content'] = wp_slash($change['content']);
        }
        $id = wp_update_post($fields, true);
        if (is_wp_error($id)) {
            fail($id->get_error_message());
        }
        echo json_encode(['id' => $id]), "\n";
        break;
    case 'delete':
        if (!wp_delete_post((int) $argv[3], true)) {
            fail("no post {$argv[3]}");
        }
        echo json_encode(['deleted' => (int) $argv[3]]), "\n";
        break;
    default:
        fail("unknown command $command");
}
